# Writes a synthetic evemu touchpad recording (events only; prepend tools/bench/touchpad.desc):
# one finger making strokes of 0.5-4 s separated by pauses of 0.1-0.9 s (the pointer is never
# idle for a whole window), frames every 8 ms +- 1 ms, on the 65 x 136 units/mm test pad.
# Microseconds are written without leading zeros (valid evemu; umockdev reads them right).
#   awk -v seconds=3600 -v seed=1 -f tools/bench/make-touchpad-recording.awk > hour.events
BEGIN {
    if (seconds == "") seconds = 3600
    if (seed == "") seed = 1
    srand(seed)
    t = 0; id = 1; x = 3250; y = 4080
    while (t < seconds * 1000000) {
        duration = 500000 + int(rand() * 3500000)
        vx = 0; vy = 0
        ev(t, 3, 47, 0); ev(t, 3, 57, id++); ev(t, 3, 53, x); ev(t, 3, 54, y)
        ev(t, 1, 330, 1); ev(t, 1, 325, 1); ev(t, 3, 0, x); ev(t, 3, 1, y); ev(t, 0, 0, 0)
        end = t + duration
        while (t < end) {
            t += 7000 + int(rand() * 2001)
            vx = 0.9 * vx + (rand() - 0.5) * 60
            vy = 0.9 * vy + (rand() - 0.5) * 120
            x = int(x + vx); y = int(y + vy)
            if (x < 0) { x = 0; vx = -vx } ; if (x > 6500) { x = 6500; vx = -vx }
            if (y < 0) { y = 0; vy = -vy } ; if (y > 8160) { y = 8160; vy = -vy }
            ev(t, 3, 53, x); ev(t, 3, 54, y); ev(t, 3, 0, x); ev(t, 3, 1, y); ev(t, 0, 0, 0)
        }
        t += 8000
        ev(t, 3, 57, -1); ev(t, 1, 330, 0); ev(t, 1, 325, 0); ev(t, 0, 0, 0)
        t += 100000 + int(rand() * 800000)
    }
}
function ev(time, type, code, value) {
    printf "E: %d.%d %04x %04x %d\n", int(time / 1000000), time % 1000000, type, code, value
}
