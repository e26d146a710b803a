# Writes tools/demo/demo.events, the recording `make demo` plays through an emulated touchpad: about 8 s
# of left-hand strokes, then about 9 s of right-hand ones, on the 65 x 136 units/mm test pad of
# Tests/Fixtures/umockdev/touchpad.umockdev. Events only (umockdev-run -e reads no description); its
# description is tools/demo/demo.desc next to it (a link to tools/bench/touchpad.desc), which
# `deepmoused --replay tools/demo/demo.events` reads. `-v desc=FILE` puts FILE at the top instead.
#   awk -f tools/demo/make-demo-recording.awk > tools/demo/demo.events
#   (-v seed=N another draw; -v wl=W -v wr=W other turns for the left and right strokes, rad per sample)
#
# Synthetic, not a copy of any recording. Each stroke's velocity (screen px per 10 ms at the daemon's
# 12 px/mm) follows v <- a R(w) v + noise, the AR(1) model fitted by least squares to the moving
# samples of the real touchpad recordings (../shared/data/deepmouse/touchpad): a = 0.815 for both hands,
# noise std (6.45, 4.53) px, correlation -0.08 for the left hand and (8.53, 7.50) px, -0.15 for the right.
# The fit's rotation R(w) is what separates the hands there: right-hand strokes turn clockwise on
# screen (w = +0.06 rad per sample, y pointing down), left-hand ones do not turn (w = 0.00). A stroke
# made with exactly those statistics is told apart only weakly (window by window, about 0.7 against
# 0.4 p_left), so the demo exaggerates the turn: w = -0.15 for left, +0.25 for right. It shows the
# daemon working, live; it measures nothing (the model cards give the accuracy on real recordings).
#
# Multitouch events only: the pointer-emulation ABS_X/ABS_Y a real pad adds are left out (the daemon follows
# the slots of a multitouch pad), 40% fewer events for umockdev to pass on. Deterministic on any awk: its own random numbers (Park-Miller, seed `seed`, default 1), one frame
# every 10 ms at 5 ms into each 10 ms cell of the daemon's grid, microseconds without leading zeros
# (umockdev reads a leading zero as octal; evemu reads both).
BEGIN {
    if (seed == "") seed = 1
    if (desc != "") while ((getline line < desc) > 0) print line
    state = seed
    t = 5000; id = 1
    # hand, seconds, a, w, noise std x, y, correlation
    strokes("left", 8, 0.815, wl == "" ? -0.15 : wl, 6.45, 4.53, -0.08)
    strokes("right", 9, 0.815, wr == "" ? 0.25 : wr, 8.53, 7.50, -0.15)
}
# Strokes of 0.4-1.2 s separated by lifts of 0.15-0.5 s, for `seconds` of the recording (longer than the
# real ones, 0.15 s median: the model reads 104 moving samples, so a decision comes after 1 s of motion).
function strokes(hand, seconds, a, w, sx, sy, rho, end, n, i, vx, vy, nvx, nx, ny, c, s) {
    printf "# %s hand from %.2f s\n", hand, t / 1000000
    end = t + seconds * 1000000
    c = a * cos(w); s = a * sin(w)
    while (t < end) {
        # the finger lands near the middle, so that a stroke rarely reaches an edge
        x = 1500 + int(uniform() * 3500); y = 2000 + int(uniform() * 4000)
        ev(3, 47, 0); ev(3, 57, id++); ev(3, 53, x); ev(3, 54, y)
        ev(1, 330, 1); ev(1, 325, 1); ev(0, 0, 0)
        n = 40 + int(uniform() * 81)
        vx = 0; vy = 0
        for (i = 0; i < n; i++) {
            t += 10000
            nx = gaussian(); ny = rho * nx + sqrt(1 - rho * rho) * gaussian()
            # rotate then shrink the velocity, add the noise
            nvx = c * vx - s * vy + sx * nx
            vy = s * vx + c * vy + sy * ny
            vx = nvx
            # px -> device units: 12 px per mm, 65 x 136 units per mm
            x += round(vx / 12 * 65); y += round(vy / 12 * 136)
            if (x < 0) x = 0; if (x > 6500) x = 6500
            if (y < 0) y = 0; if (y > 8160) y = 8160
            ev(3, 53, x); ev(3, 54, y); ev(0, 0, 0)
        }
        t += 10000
        ev(3, 57, -1); ev(1, 330, 0); ev(1, 325, 0); ev(0, 0, 0)
        t += 150000 + 10000 * int(uniform() * 36)
    }
}
function ev(type, code, value) {
    printf "E: %d.%d %04x %04x %d\n", int(t / 1000000), t % 1000000, type, code, value
}
# Park-Miller minimal standard generator: exact in double precision on every awk.
function uniform() {
    state = (state * 16807) % 2147483647
    return state / 2147483647
}
# Box-Muller (the second value is dropped to keep the sequence simple)
function gaussian(u) {
    u = uniform()
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * uniform())
}
function round(v) { return v < 0 ? -int(-v + 0.5) : int(v + 0.5) }
