; Realmode BIOS: one 64 KB ROM mapped at F0000h-FFFFFh, for the PC/XT (8088) and PC/AT (80286 in real mode)
; machine profiles. Only 8086 instructions are used so the same image runs on both. The video services are not here:
; as on a real PC they come with the display adapter, in the VGA option ROM at C0000h (bios/vga/vga-bios.asm), which
; POST finds by its option-ROM scan.
;
; Layout: general code and data fill the low 56 KB; from E000h on, the IBM-compatible entry points and tables sit at
; the offsets the IBM PC/XT and PC/AT BIOS listings give them (IBM PC/XT and PC/AT Technical References), because
; DOS-era programs call and read some of them directly. The configuration block that bios/rom.ts patches is at
; CONFIG_OFFSET; the checksum byte is the last byte of the ROM.

cpu 8086
bits 16
org 0

%include "defs.inc"

section .text

%include "util.asm"
%include "post.asm"
%include "video-entry.asm"
%include "keyboard.asm"
%include "keyboard-tables.asm"
%include "keyboard-services.asm"
%include "floppy.asm"
%include "harddisk.asm"
%include "disk.asm"
%include "boot.asm"
%include "timer.asm"
%include "system.asm"
%include "serial.asm"
%include "printer.asm"
%include "mouse.asm"
%include "mouse-ps2.asm"
%include "mouse-serial.asm"
%include "mouse-int33.asm"
%include "mouse-cursor.asm"
%include "fixed.asm"
