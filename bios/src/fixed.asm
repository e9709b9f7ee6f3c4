; The fixed part of the ROM, E000h-FFFFh: the configuration block, then the IBM-compatible entry points and tables
; at the offsets of the IBM PC/XT and PC/AT BIOS (Technical Reference listings; RBIL MEMORY.LST "F000h" entries).
; Entry points are near jumps to the handlers in the low part of the ROM.

        at_offset CONFIG_OFFSET
; Configuration block, patched by bios/rom.ts (buildBiosImage): magic, layout version, then the machine.
config_block:
        db "RMCF"                       ; magic
        db 1                            ; layout version
cfg_machine:    db MACHINE_XT           ; 0 = PC/XT, 1 = PC/AT
cfg_fd_count:   db 1                    ; diskette drives, 0-2
cfg_fd_types:   db 1, 0                 ; drive types: 1 = 360 KB, 2 = 1.2 MB, 3 = 720 KB, 4 = 1.44 MB, 5 = 2.88 MB
cfg_hd_count:   db 0                    ; fixed disks, 0-2 (AT)
cfg_boot_order: db 00h, 80h, BOOT_END, BOOT_END ; BIOS drive numbers in boot order
        db 0, 0                         ; reserved
%if $ - config_block != 16
  %error "configuration block size"
%endif

        db "Realmode BIOS", 0

        at_offset 0E05Bh
reset_entry:
        jmp near post

        at_offset 0E2C3h
nmi_entry:
        jmp near nmi_handler

        at_offset 0E3FEh
int13_entry:
        jmp near int13_handler

        at_offset 0E6F2h
int19_entry:
        jmp near int19_handler

; INT 15h AH=C0h system configuration tables (RBIL INT 15h/C0h): length, model, submodel, revision, feature bytes
; (AT: bit 6 second 8259A, bit 5 RTC, bit 4 INT 15h AH=4Fh called by INT 09h).
        at_offset 0E6F5h
config_table_at:
        dw 8
        db 0FCh, 01h, 00h, 70h, 00h, 00h, 00h, 00h
config_table_xt:
        dw 8
        db 0FEh, 00h, 00h, 00h, 00h, 00h, 00h, 00h

; 8250 divisors for 110, 150, 300, 600, 1200, 2400, 4800, 9600 baud (1.8432 MHz / 16 / rate).
        at_offset 0E729h
baud_divisors:
        dw 0417h, 0300h, 0180h, 00C0h, 0060h, 0030h, 0018h, 000Ch

        at_offset 0E739h
int14_entry:
        jmp near int14_handler

        at_offset 0E82Eh
int16_entry:
        jmp near int16_handler

        at_offset 0E987h
int09_entry:
        jmp near int09_handler

        at_offset 0EC59h
floppy_entry:                           ; INT 40h on the AT: the diskette services alone
        jmp near floppy_entry_handler

        at_offset 0EF57h
int0e_entry:
        jmp near int0e_handler

; Diskette parameter table INT 1Eh points to at power-on (RBIL INT 1Eh; 360 KB values).
        at_offset 0EFC7h
diskette_param_table:
        db 0DFh, 02h, 25h, 02h, 09h, 2Ah, 0FFh, 50h, 0F6h, 0Fh, 08h

        at_offset 0EFD2h
int17_entry:
        jmp near int17_handler

        at_offset 0F065h
int10_entry:
        jmp near int10_forward

; INT 1Dh video parameter table: 6845 CRTC values for 40x25, 80x25, graphics and monochrome, then the regen
; lengths, columns and mode select values per mode (IBM PC/XT TR, video BIOS). The CGA services (video-cga.asm) set
; modes from it, and programs that read it find the CGA/MDA values they expect; the VGA BIOS has its own tables.
        at_offset 0F0A4h
video_param_table:
        db 38h, 28h, 2Dh, 0Ah, 1Fh, 06h, 19h, 1Ch, 02h, 07h, 06h, 07h, 00h, 00h, 00h, 00h
        db 71h, 50h, 5Ah, 0Ah, 1Fh, 06h, 19h, 1Ch, 02h, 07h, 06h, 07h, 00h, 00h, 00h, 00h
        db 38h, 28h, 2Dh, 0Ah, 7Fh, 06h, 64h, 70h, 02h, 01h, 06h, 07h, 00h, 00h, 00h, 00h
        db 61h, 50h, 52h, 0Fh, 19h, 06h, 19h, 19h, 02h, 0Dh, 0Bh, 0Ch, 00h, 00h, 00h, 00h
        dw 0800h, 1000h, 4000h, 4000h
        db 28h, 28h, 50h, 50h, 28h, 28h, 50h, 50h
        db 2Ch, 28h, 2Dh, 29h, 2Ah, 2Eh, 1Eh, 29h

        at_offset 0F841h
int12_entry:
        jmp near int12_handler

        at_offset 0F84Dh
int11_entry:
        jmp near int11_handler

        at_offset 0F859h
int15_entry:
        jmp near int15_handler

; The first 128 glyphs of the 8x8 font where CGA-era programs look for them.
        at_offset 0FA6Eh
font_8x8_fixed:
        incbin "font-8x8.bin", 0, 128 * 8

        at_offset 0FE6Eh
int1a_entry:
        jmp near int1a_handler

        at_offset 0FEA5h
int08_entry:
        jmp near int08_handler

        at_offset 0FF53h
dummy_iret:
        iret
int05_entry:
        jmp near int05_handler

; Reset vector: the 8086 starts at FFFF:0000 = F000:FFF0 (8086 User's Manual, "System Reset").
        at_offset 0FFF0h
        jmp BIOS_SEG:reset_entry
        db "11/24/25"                   ; ROM date at F000:FFF5
        db 0
model_byte:
        db 0FEh                         ; F000:FFFE, patched by bios/rom.ts: FEh PC/XT, FCh PC/AT
checksum_byte:
        db 0                            ; makes the 64 KB sum to 0 mod 256 (bios/rom.ts)
%if $ - $$ != 10000h
  %error "ROM must be exactly 64 KB"
%endif
