; Realmode BIOS: one 64 KB ROM mapped at F0000h-FFFFFh, for the PC/XT (8088) and PC/AT (80286 in real mode)
; machine profiles. Only 8086 instructions are used so the same image runs on both. As on a real PC, the VGA's video
; services come with the adapter, in the VGA option ROM at C0000h (bios/vga/vga-bios.asm) that POST finds by its
; option-ROM scan, while the CGA's are here in the system ROM (video-cga*.asm), as in IBM's PC and PC/XT BIOS.
;
; Layout: general code and data fill the low 56 KB; from E000h on, the IBM-compatible entry points and tables sit at
; the offsets the IBM PC/XT and PC/AT BIOS listings give them (IBM PC/XT and PC/AT Technical References), because
; DOS-era programs call and read some of them directly. The configuration block that bios/rom.ts patches is at
; CONFIG_OFFSET; the checksum byte is the last byte of the ROM.

cpu 8086
bits 16
org 0

%include "defs.inc"
%include "../common/text-scroll.inc"
%include "../common/color-select.inc"

section .text

%include "util.asm"
%include "post.asm"
%include "video-entry.asm"
%include "video-cga.asm"
%include "video-cga-text.asm"
%include "video-cga-graphics.asm"
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
