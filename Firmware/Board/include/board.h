// The board layer the firmware's Swift code calls: ARM semihosting (console and exit, through
// the debugger or qemu), the SysTick counter (instruction counts under qemu -icount), and the
// blobs linked into flash (the .dmm model and the input windows). Implemented in board.c.
#ifndef DEEPMOUSE_FIRMWARE_BOARD_H
#define DEEPMOUSE_FIRMWARE_BOARD_H
#include <stdint.h>

/// Writes a NUL-terminated string to the host console (semihosting SYS_WRITE0).
void board_write0(const char *text);
/// Ends the program with `status` (semihosting SYS_EXIT_EXTENDED; qemu exits with it).
_Noreturn void board_exit(int32_t status);

/// Starts SysTick free-running on the processor clock (24-bit, counting down).
void board_cycle_counter_start(void);
/// Processor-clock ticks since `board_cycle_counter_start`, extended past the 24-bit wrap by
/// the SysTick interrupt (32-bit result: wraps after 2^32 ticks).
uint32_t board_cycle_counter_ticks(void);
/// Instructions per SysTick tick under qemu -icount shift=0 (1 ns of virtual time per
/// instruction, SysTick on the 25 MHz system clock of the MPS2 boards): 40.
#define BOARD_INSTRUCTIONS_PER_TICK 40

/// The model file, 16-byte aligned in flash, and its size.
const uint8_t *board_model_start(void);
uint32_t board_model_size(void);
/// The input windows file (format in Firmware/App/WindowFile.swift), and its size.
const uint8_t *board_windows_start(void);
uint32_t board_windows_size(void);

/// The engine's arena: all RAM between .bss and the stack (Firmware/Board/mps2-an386.ld).
uint8_t *board_arena_start(void);
uint32_t board_arena_size(void);
/// Bytes of .data + .bss (the firmware's own statics).
uint32_t board_static_ram(void);
/// Bytes reserved for the stack.
uint32_t board_stack_size(void);
/// Deepest stack use seen so far (the stack is painted at reset).
uint32_t board_stack_high_water(void);
#endif
