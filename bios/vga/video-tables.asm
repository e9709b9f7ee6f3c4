; VGA register sets per BIOS mode, from the IBM VGA Technical Reference's video parameter tables: miscellaneous
; output, sequencer 1-4, CRTC 0-18h, attribute controller 0-14h, graphics controller 0-8, then this BIOS's own
; description of the mode (rows, character height, memory layout, DAC colours). Text modes 0/1 (40x25, dot clock / 2)
; and 2/3 (80x25) use 9x16 cells on 400 lines, 7 is 80x25 monochrome at B0000h. Graphics: 4/5 CGA 320x200x4 and
; 6 CGA 640x200x2 at B8000h (odd lines in the bank at 2000h, through CRTC 17h bits 0-1), 0Dh/0Eh EGA 320/640x200x16,
; 10h EGA 640x350x16, 11h/12h 640x480x2/16 (planar, A0000h), 13h 320x200x256 (chain-4, A0000h).

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
VM_ROWS         equ 69              ; character rows - 1
VM_CHAR_HEIGHT  equ 70
VM_MODEL        equ 71
VM_DAC          equ 72
VM_SIZE         equ 73

; Memory layouts (VM_MODEL).
MODEL_TEXT      equ 0
MODEL_CGA4      equ 1               ; 2 bits per pixel, 4 pixels per byte, odd/even banks
MODEL_CGA2      equ 2               ; 1 bit per pixel, 8 pixels per byte, odd/even banks
MODEL_PLANAR    equ 3               ; 4 planes, 8 pixels per byte, through the graphics controller
MODEL_LINEAR    equ 4               ; 1 byte per pixel (chain-4)

; DAC contents a mode set loads (VM_DAC): the EGA's 64 colours (rgbRGB), the CGA's 16 colours as the 200-line EGA
; modes see them (bit 4 = intensity), grey levels for monochrome, or the VGA's 256-colour default.
DAC_EGA         equ 0
DAC_CGA         equ 1
DAC_MONO        equ 2
DAC_256         equ 3

vga_mode_40x25:
        db 40, 67h
        dw 0800h, 0B800h, VGA_CRTC_COLOR, 0607h
        db 08h, 03h, 00h, 02h
        db 2Dh, 27h, 28h, 90h, 2Bh, 0A0h, 0BFh, 1Fh, 00h, 4Fh, 0Dh, 0Eh, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 14h, 1Fh, 96h, 0B9h, 0A3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 14h, 07h, 38h, 39h, 3Ah, 3Bh, 3Ch, 3Dh, 3Eh, 3Fh
        db 0Ch, 00h, 0Fh, 08h, 00h
        db 00h, 00h, 00h, 00h, 00h, 10h, 0Eh, 00h, 0FFh
        db 24, 16, MODEL_TEXT, DAC_EGA
vga_mode_80x25:
        db 80, 67h
        dw 1000h, 0B800h, VGA_CRTC_COLOR, 0607h
        db 00h, 03h, 00h, 02h
        db 5Fh, 4Fh, 50h, 82h, 55h, 81h, 0BFh, 1Fh, 00h, 4Fh, 0Dh, 0Eh, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 28h, 1Fh, 96h, 0B9h, 0A3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 14h, 07h, 38h, 39h, 3Ah, 3Bh, 3Ch, 3Dh, 3Eh, 3Fh
        db 0Ch, 00h, 0Fh, 08h, 00h
        db 00h, 00h, 00h, 00h, 00h, 10h, 0Eh, 00h, 0FFh
        db 24, 16, MODEL_TEXT, DAC_EGA
vga_mode_cga4:
        db 40, 63h
        dw 4000h, 0B800h, VGA_CRTC_COLOR, 0607h
        db 09h, 03h, 00h, 02h
        db 2Dh, 27h, 28h, 90h, 2Bh, 80h, 0BFh, 1Fh, 00h, 0C1h, 00h, 00h, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 14h, 00h, 96h, 0B9h, 0A2h, 0FFh
        db 00h, 13h, 15h, 17h, 02h, 04h, 06h, 07h, 10h, 11h, 12h, 13h, 14h, 15h, 16h, 17h
        db 01h, 00h, 03h, 00h, 00h
        db 00h, 00h, 00h, 00h, 00h, 30h, 0Fh, 00h, 0FFh
        db 24, 8, MODEL_CGA4, DAC_CGA
vga_mode_cga2:
        db 80, 63h
        dw 4000h, 0B800h, VGA_CRTC_COLOR, 0607h
        db 01h, 01h, 00h, 06h
        db 5Fh, 4Fh, 50h, 82h, 54h, 80h, 0BFh, 1Fh, 00h, 0C1h, 00h, 00h, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 28h, 00h, 96h, 0B9h, 0C2h, 0FFh
        db 00h, 17h, 17h, 17h, 17h, 17h, 17h, 17h, 17h, 17h, 17h, 17h, 17h, 17h, 17h, 17h
        db 01h, 00h, 01h, 00h, 00h
        db 00h, 00h, 00h, 00h, 00h, 00h, 0Dh, 00h, 0FFh
        db 24, 8, MODEL_CGA2, DAC_CGA
vga_mode_mono:
        db 80, 66h
        dw 1000h, 0B000h, VGA_CRTC_MONO, 0B0Ch
        db 00h, 03h, 00h, 02h
        db 5Fh, 4Fh, 50h, 82h, 55h, 81h, 0BFh, 1Fh, 00h, 4Fh, 0Dh, 0Eh, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 28h, 0Dh, 96h, 0B9h, 0A3h, 0FFh
        db 00h, 08h, 08h, 08h, 08h, 08h, 08h, 08h, 10h, 18h, 18h, 18h, 18h, 18h, 18h, 18h
        db 0Eh, 00h, 0Fh, 08h, 00h
        db 00h, 00h, 00h, 00h, 00h, 10h, 0Ah, 00h, 0FFh
        db 24, 16, MODEL_TEXT, DAC_MONO
vga_mode_0d:
        db 40, 63h
        dw 2000h, 0A000h, VGA_CRTC_COLOR, 0607h
        db 09h, 0Fh, 00h, 06h
        db 2Dh, 27h, 28h, 90h, 2Bh, 80h, 0BFh, 1Fh, 00h, 0C0h, 00h, 00h, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 14h, 00h, 96h, 0B9h, 0E3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 06h, 07h, 10h, 11h, 12h, 13h, 14h, 15h, 16h, 17h
        db 01h, 00h, 0Fh, 00h, 00h
        db 00h, 00h, 00h, 00h, 00h, 00h, 05h, 0Fh, 0FFh
        db 24, 8, MODEL_PLANAR, DAC_CGA
vga_mode_0e:
        db 80, 63h
        dw 4000h, 0A000h, VGA_CRTC_COLOR, 0607h
        db 01h, 0Fh, 00h, 06h
        db 5Fh, 4Fh, 50h, 82h, 54h, 80h, 0BFh, 1Fh, 00h, 0C0h, 00h, 00h, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 28h, 00h, 96h, 0B9h, 0E3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 06h, 07h, 10h, 11h, 12h, 13h, 14h, 15h, 16h, 17h
        db 01h, 00h, 0Fh, 00h, 00h
        db 00h, 00h, 00h, 00h, 00h, 00h, 05h, 0Fh, 0FFh
        db 24, 8, MODEL_PLANAR, DAC_CGA
vga_mode_10:
        db 80, 0A3h
        dw 8000h, 0A000h, VGA_CRTC_COLOR, 0607h
        db 01h, 0Fh, 00h, 06h
        db 5Fh, 4Fh, 50h, 82h, 54h, 80h, 0BFh, 1Fh, 00h, 40h, 00h, 00h, 00h, 00h, 00h, 00h
        db 83h, 85h, 5Dh, 28h, 0Fh, 63h, 0BAh, 0E3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 14h, 07h, 38h, 39h, 3Ah, 3Bh, 3Ch, 3Dh, 3Eh, 3Fh
        db 01h, 00h, 0Fh, 00h, 00h
        db 00h, 00h, 00h, 00h, 00h, 00h, 05h, 0Fh, 0FFh
        db 24, 14, MODEL_PLANAR, DAC_EGA    ; 25 rows of the EGA's 14-line characters
vga_mode_11:
        db 80, 0E3h
        dw 0A000h, 0A000h, VGA_CRTC_COLOR, 0607h
        db 01h, 0Fh, 00h, 06h
        db 5Fh, 4Fh, 50h, 82h, 54h, 80h, 0Bh, 3Eh, 00h, 40h, 00h, 00h, 00h, 00h, 00h, 00h
        db 0EAh, 8Ch, 0DFh, 28h, 00h, 0E7h, 04h, 0C3h, 0FFh
        db 00h, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh, 3Fh
        db 01h, 00h, 0Fh, 00h, 00h
        db 00h, 00h, 00h, 00h, 00h, 00h, 05h, 0Fh, 0FFh
        db 29, 16, MODEL_PLANAR, DAC_EGA
vga_mode_12:
        db 80, 0E3h
        dw 0A000h, 0A000h, VGA_CRTC_COLOR, 0607h
        db 01h, 0Fh, 00h, 06h
        db 5Fh, 4Fh, 50h, 82h, 54h, 80h, 0Bh, 3Eh, 00h, 40h, 00h, 00h, 00h, 00h, 00h, 00h
        db 0EAh, 8Ch, 0DFh, 28h, 00h, 0E7h, 04h, 0E3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 14h, 07h, 38h, 39h, 3Ah, 3Bh, 3Ch, 3Dh, 3Eh, 3Fh
        db 01h, 00h, 0Fh, 00h, 00h
        db 00h, 00h, 00h, 00h, 00h, 00h, 05h, 0Fh, 0FFh
        db 29, 16, MODEL_PLANAR, DAC_EGA
vga_mode_13:
        db 40, 63h
        dw 0FA00h, 0A000h, VGA_CRTC_COLOR, 0607h
        db 01h, 0Fh, 00h, 0Eh
        db 5Fh, 4Fh, 50h, 82h, 54h, 80h, 0BFh, 1Fh, 00h, 41h, 00h, 00h, 00h, 00h, 00h, 00h
        db 9Ch, 8Eh, 8Fh, 28h, 40h, 96h, 0B9h, 0A3h, 0FFh
        db 00h, 01h, 02h, 03h, 04h, 05h, 06h, 07h, 08h, 09h, 0Ah, 0Bh, 0Ch, 0Dh, 0Eh, 0Fh
        db 41h, 00h, 0Fh, 00h, 00h
        db 00h, 00h, 00h, 00h, 00h, 40h, 05h, 0Fh, 0FFh
        db 24, 8, MODEL_LINEAR, DAC_256

%if vga_mode_80x25 - vga_mode_40x25 != VM_SIZE
  %error "VGA mode entry size"
%endif

; Register set per BIOS mode number 0-13h (0 = a mode this BIOS does not set: 8-0Ch were PCjr and reserved modes,
; 0Fh the EGA's 350-line monochrome graphics).
VGA_LAST_MODE   equ 13h
vga_mode_entries:
        dw vga_mode_40x25, vga_mode_40x25, vga_mode_80x25, vga_mode_80x25, vga_mode_cga4, vga_mode_cga4
        dw vga_mode_cga2, vga_mode_mono, 0, 0, 0, 0, 0, vga_mode_0d, vga_mode_0e, 0, vga_mode_10, vga_mode_11
        dw vga_mode_12, vga_mode_13
; The value the CGA/MDA mode select register would hold in modes 0-7, kept at 40:65 for programs that read it
; (IBM PC/XT TR, video parameter table); the EGA and VGA modes keep 29h there, as IBM's EGA BIOS does.
cga_mode_select:
        db 2Ch, 28h, 2Dh, 29h, 2Ah, 2Eh, 1Eh, 29h

; The VGA's default 256-colour DAC from entry 32 on (IBM VGA TR, "Default colour table"): three intensities by
; three saturations, each a wheel of 24 hues. A hue is three indexes (red, green, blue) into the group's five levels.
dac_groups:
        db 0, 16, 31, 47, 63
        db 31, 39, 47, 55, 63
        db 45, 49, 54, 58, 63
        db 0, 7, 14, 21, 28
        db 14, 17, 21, 24, 28
        db 20, 22, 24, 26, 28
        db 0, 4, 8, 12, 16
        db 8, 10, 12, 14, 16
        db 11, 12, 13, 15, 16
dac_hues:
        db 0,0,4, 1,0,4, 2,0,4, 3,0,4, 4,0,4, 4,0,3, 4,0,2, 4,0,1
        db 4,0,0, 4,1,0, 4,2,0, 4,3,0, 4,4,0, 3,4,0, 2,4,0, 1,4,0
        db 0,4,0, 0,4,1, 0,4,2, 0,4,3, 0,4,4, 0,3,4, 0,2,4, 0,1,4
; Entries 16-31: a grey ramp.
dac_greys:
        db 0, 5, 8, 11, 14, 17, 20, 24, 28, 32, 36, 40, 45, 50, 56, 63
