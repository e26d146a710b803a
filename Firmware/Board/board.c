// The firmware's board layer for the ARM MPS2 AN386 (Cortex-M4) as qemu models it: vector
// table and reset (copy .data, zero .bss, paint the stack), fault handler, semihosting, SysTick,
// and the few C runtime routines the compiled Swift code calls (no libc is linked).
#include "board.h"
#include <stddef.h>

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_bottom[], __stack_top[];
extern uint8_t __arena_start[], __arena_end[];
// Defined by the generated blobs.S (.incbin of the model and windows files).
extern const uint8_t board_model_bytes[], board_model_end[], board_windows_bytes[], board_windows_end[];
void firmware_main(void);  // Swift (Firmware/App/Main.swift)

#define STACK_PAINT 0x5AFE57ACu

// MARK: Semihosting (ARM "bkpt 0xAB" on M-profile)

static int32_t semihost(int32_t op, const void *arg) {
    register int32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_write0(const char *text) { semihost(0x04, text); }  // SYS_WRITE0

_Noreturn void board_exit(int32_t status) {
    // SYS_EXIT_EXTENDED: {ADP_Stopped_ApplicationExit, status}
    uint32_t block[2] = {0x20026u, (uint32_t)status};
    semihost(0x20, block);
    for (;;) __asm__ volatile("bkpt 0");
}

// MARK: SysTick

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
static volatile uint32_t systick_wraps;

void SysTick_Handler(void) { systick_wraps++; }

void board_cycle_counter_start(void) {
    SYST_CSR = 0;
    SYST_RVR = 0x00FFFFFFu;
    SYST_CVR = 0;
    systick_wraps = 0;
    SYST_CSR = 7;  // processor clock, interrupt on wrap, enabled
}

uint32_t board_cycle_counter_ticks(void) {
    uint32_t wraps, value;
    do {  // re-read when the counter wrapped in between
        wraps = systick_wraps;
        value = SYST_CVR;
    } while (wraps != systick_wraps);
    return wraps * 0x01000000u + (0x00FFFFFFu - value);
}

// MARK: Blobs, RAM

const uint8_t *board_model_start(void) { return board_model_bytes; }
const uint8_t *board_windows_start(void) { return board_windows_bytes; }
uint32_t board_model_size(void) { return (uint32_t)(board_model_end - board_model_bytes); }
uint32_t board_windows_size(void) { return (uint32_t)(board_windows_end - board_windows_bytes); }
uint8_t *board_arena_start(void) { return __arena_start; }
uint32_t board_arena_size(void) { return (uint32_t)(__arena_end - __arena_start); }
uint32_t board_static_ram(void) { return (uint32_t)((uint8_t *)__bss_end - (uint8_t *)__data_start); }
uint32_t board_stack_size(void) { return (uint32_t)((uint8_t *)__stack_top - (uint8_t *)__stack_bottom); }

uint32_t board_stack_high_water(void) {
    const uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == STACK_PAINT) p++;
    return (uint32_t)((const uint8_t *)__stack_top - (const uint8_t *)p);
}

// MARK: Reset and faults

void Reset_Handler(void) {
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;) *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;) *d++ = 0;
    // Paint the stack below the current frame, for the high-water mark.
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t *p = __stack_bottom; p < sp - 16; p++) *p = STACK_PAINT;
    firmware_main();
    board_exit(0);
}

void Fault_Handler(void) {
    board_write0("firmware: fault (hard fault, bus fault or usage fault)\n");
    board_exit(70);
}

__attribute__((section(".vectors"), used))
static void (*const vectors[16])(void) = {
    (void (*)(void))__stack_top, Reset_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,  // NMI, HardFault, MemManage, BusFault, UsageFault
    0, 0, 0, 0,
    Fault_Handler, Fault_Handler, 0, Fault_Handler,  // SVCall, DebugMon, -, PendSV
    SysTick_Handler,
};

// The stack protector Swift compiles in (kept on): a fixed canary, a report and a stop.
uintptr_t __stack_chk_guard = 0x5AFEC0DEu;

_Noreturn void __stack_chk_fail(void) {
    board_write0("firmware: stack corruption detected\n");
    board_exit(70);
}

// MARK: C runtime routines called by compiled code (no libc here)

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--) *d++ = *s++;
    } else {
        while (n--) d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int value, size_t n) {
    uint8_t *d = dst;
    while (n--) *d++ = (uint8_t)value;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++) if (*x != *y) return *x < *y ? -1 : 1;
    return 0;
}

// The ARM EABI names (the compiler emits these for struct copies and zeroing).
void __aeabi_memcpy(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy4(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy8(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memmove(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove4(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove8(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memset(void *d, size_t n, int v) { memset(d, v, n); }
void __aeabi_memset4(void *d, size_t n, int v) { memset(d, v, n); }
void __aeabi_memset8(void *d, size_t n, int v) { memset(d, v, n); }
void __aeabi_memclr(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr4(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr8(void *d, size_t n) { memset(d, 0, n); }

// 64-bit shifts (run-time counts 0...63), the EABI helpers compiler-rt/libgcc would provide.
int64_t __aeabi_llsl(int64_t v, int n) {
    uint32_t lo = (uint32_t)v, hi = (uint32_t)((uint64_t)v >> 32);
    if (n >= 32) { hi = lo << (n - 32); lo = 0; }
    else if (n > 0) { hi = (hi << n) | (lo >> (32 - n)); lo <<= n; }
    return (int64_t)(((uint64_t)hi << 32) | lo);
}

uint64_t __aeabi_llsr(uint64_t v, int n) {
    uint32_t lo = (uint32_t)v, hi = (uint32_t)(v >> 32);
    if (n >= 32) { lo = hi >> (n - 32); hi = 0; }
    else if (n > 0) { lo = (lo >> n) | (hi << (32 - n)); hi >>= n; }
    return ((uint64_t)hi << 32) | lo;
}

int64_t __aeabi_lasr(int64_t v, int n) {
    uint32_t lo = (uint32_t)v;
    int32_t hi = (int32_t)((uint64_t)v >> 32);
    if (n >= 32) { lo = (uint32_t)(hi >> (n - 32)); hi = hi < 0 ? -1 : 0; }
    else if (n > 0) { lo = (lo >> n) | ((uint32_t)hi << (32 - n)); hi >>= n; }
    return (int64_t)(((uint64_t)(uint32_t)hi << 32) | lo);
}
