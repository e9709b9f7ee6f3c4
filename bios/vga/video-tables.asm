; VGA register sets for the text modes, from the IBM VGA Technical Reference register tables: sequencer 1-4, CRTC
; 0-18h, attribute controller 0-14h, graphics controller 0-8. Modes 0/1 are 40x25 (dot clock / 2), 2/3 are 80x25,
; 7 is 80x25 monochrome at B0000h; all use 9x16 character cells on 400 lines.

VM_COLS         equ 0
VM_MISC         equ 1
VM_PAGE_SIZE    equ 2
VM_SEGMENT      equ 4
VM_CRTC_PORT    equ 6
VM_CURSOR       equ 8
VM_SEQ          equ 10
VM_CRTC         equ 14
VM_AC           equ 39
VM_GC           equ 60
VM_SIZE         equ 69

vga_mode_40x25:
        db 40, 67h
        dw 0800h, 0B800h, VGA_CRTC_COLOR, 0607h
        db 08h, 03h, 00h, 02h
        db 2Dh, 27h, 28h, 90h, 2Bh, 0A0h, 0BFh, 1Fh, 00h, 4Fh, 0Dh, 0Eh, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 14h, 1Fh, 96h, 0B9h, 0A3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 14h, 07h, 38h, 39h, 3Ah, 3Bh, 3Ch, 3Dh, 3Eh, 3Fh
        db 0Ch, 00h, 0Fh, 08h, 00h
        db 00h, 00h, 00h, 00h, 00h, 10h, 0Eh, 00h, 0FFh
vga_mode_80x25:
        db 80, 67h
        dw 1000h, 0B800h, VGA_CRTC_COLOR, 0607h
        db 00h, 03h, 00h, 02h
        db 5Fh, 4Fh, 50h, 82h, 55h, 81h, 0BFh, 1Fh, 00h, 4Fh, 0Dh, 0Eh, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 28h, 1Fh, 96h, 0B9h, 0A3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 14h, 07h, 38h, 39h, 3Ah, 3Bh, 3Ch, 3Dh, 3Eh, 3Fh
        db 0Ch, 00h, 0Fh, 08h, 00h
        db 00h, 00h, 00h, 00h, 00h, 10h, 0Eh, 00h, 0FFh
vga_mode_mono:
        db 80, 66h
        dw 1000h, 0B000h, VGA_CRTC_MONO, 0B0Ch
        db 00h, 03h, 00h, 02h
        db 5Fh, 4Fh, 50h, 82h, 55h, 81h, 0BFh, 1Fh, 00h, 4Fh, 0Dh, 0Eh, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 28h, 0Dh, 96h, 0B9h, 0A3h, 0FFh
        db 00h, 08h, 08h, 08h, 08h, 08h, 08h, 08h, 10h, 18h, 18h, 18h, 18h, 18h, 18h, 18h
        db 0Eh, 00h, 0Fh, 08h, 00h
        db 00h, 00h, 00h, 00h, 00h, 10h, 0Ah, 00h, 0FFh

%if vga_mode_80x25 - vga_mode_40x25 != VM_SIZE
  %error "VGA mode entry size"
%endif

; Register set per BIOS mode number 0-7 (0 = not a text mode this BIOS sets), and the value the CGA/MDA mode
; select register would hold, kept at 40:65 for programs that read it (IBM PC/XT TR, video parameter table).
vga_mode_entries:
        dw vga_mode_40x25, vga_mode_40x25, vga_mode_80x25, vga_mode_80x25, 0, 0, 0, vga_mode_mono
cga_mode_select:
        db 2Ch, 28h, 2Dh, 29h, 2Ah, 2Eh, 1Eh, 29h
