; Realmode VGA BIOS: the video services as a VGA card carries them, an option ROM mapped at C0000h that any PC
; system BIOS finds by its option-ROM scan (IBM PC/XT and PC/AT Technical References, "ROM scan"; IBM VGA Technical
; Reference, "BIOS"). It holds the INT 10h services for the text and graphics modes (video.asm, graphics.asm, video-tables.asm) and the 8x16 and
; 8x8 fonts (fonts.asm). Only 8086 instructions, so it runs on the 8088 XT and the 286 AT alike.
;
; Layout: 55h AAh, the length in 512-byte blocks, the initialisation entry at offset 3 (called far by the system
; BIOS), code and fonts, padded to whole 4 KB pages; the last byte makes all bytes sum to 0 mod 256 (bios/build.ts).

cpu 8086
bits 16
org 0

%include "defs.inc"
%include "../common/text-scroll.inc"
%include "../common/color-select.inc"

section .text

rom_header:
        dw 0AA55h
        db ROM_BLOCKS
        jmp near vga_init               ; offset 3: the system BIOS's far call lands here

; Initialisation: keep the previous INT 10h at INT 42h, as EGA and VGA BIOSes do (RBIL INT 42h, "relocated video
; handler"), take over INT 10h, point INT 43h at the 8x8 font and INT 1Fh at its upper 128 glyphs (RBIL INT 1Fh,
; INT 43h), set mode 3 (80x25 colour) and return far. Every register and the interrupt flag are kept.
vga_init:
        pushf
        push ax
        push ds
        xor ax, ax
        mov ds, ax
        cli
        mov ax, [10h * 4]
        mov [42h * 4], ax
        mov ax, [10h * 4 + 2]
        mov [42h * 4 + 2], ax
        mov word [10h * 4], int10_handler
        mov [10h * 4 + 2], cs
        mov word [1Fh * 4], font_8x8 + 128 * 8
        mov [1Fh * 4 + 2], cs
        mov word [43h * 4], font_8x8
        mov [43h * 4 + 2], cs
        mov ax, 0003h
        int 10h
        pop ds
        pop ax
        popf
        retf

%include "video.asm"
%include "graphics.asm"
%include "video-tables.asm"
%include "beep.asm"
%include "fonts.asm"

; Pad to whole 4 KB pages (the machine maps ROM in pages; the scan steps in 2 KB) and end with the checksum byte.
        times 0FFFh - (($ - $$) & 0FFFh) db 0FFh
checksum_byte:
        db 0
rom_end:
ROM_BLOCKS equ (rom_end - rom_header) / 512
