; INT 10h video services for the IBM Color/Graphics Monitor Adapter, in the system ROM as on the IBM PC and PC/XT,
; whose BIOS drives the CGA itself (IBM PC/XT Technical Reference, BIOS listing "VIDEO_IO"; RBIL INT 10h). POST
; installs them (cga_post_init) when no option ROM took INT 10h and the display switches name a colour display.
; Modes 0-6: 40x25 and 80x25 text (0 and 2 with colour burst off), 320x200 in four colours (5 without colour burst)
; and 640x200 in two, all in the card's 16 KB at B8000h. Text services are in video-cga-text.asm, graphics in
; video-cga-graphics.asm. The card is written at any time: the snow real CGAs show then is not emulated.

cga_int10:
        sti
        cld
        push si
        push ds
        mov si, BDA_SEG
        mov ds, si
        cmp ah, 14h
        jae .done
        push bx
        mov bl, ah
        xor bh, bh
        shl bx, 1
        mov si, [cs:cga_functions + bx]
        pop bx
        call si                         ; DS = BIOS data; a function may change SI
.done:
        pop ds
        pop si
        iret

cga_functions:
        dw cga_set_mode, cga_set_cursor_shape, cga_set_cursor_pos, cga_get_cursor
        dw cga_unsupported, cga_set_page, cga_scroll_up, cga_scroll_down
        dw cga_read_char, cga_write_char_attr, cga_write_char, cga_set_palette
        dw cga_write_pixel, cga_read_pixel, cga_teletype, cga_get_mode
        dw cga_unsupported, cga_unsupported, cga_unsupported, cga_write_string

; What this BIOS does not provide (the light pen, the EGA/VGA functions 10h-12h and 1Ah) leaves every register as
; it was; programs read an unchanged AL/BL from AH=1Ah and AH=12h BL=10h as "no EGA or VGA".
cga_unsupported:
        ret

; The mode tables IBM's BIOS keeps after the 6845 parameters (IBM PC/XT TR, "M5", "M6", "M7"), in fixed.asm's copy
; at F000:F0A4: regen lengths per pair of modes, columns per mode, mode control values per mode.
cga_regen_lengths       equ video_param_table + 40h
cga_mode_columns        equ video_param_table + 48h
cga_mode_controls       equ video_param_table + 50h

; AH=00h: AL = mode 0-6 (bit 7: keep video memory); other modes leave everything as it was. As IBM's BIOS does, the
; picture is off (mode control bit 3 clear) while the 6845 gets all 16 registers of the mode's group (40x25, 80x25
; or graphics) from the table INT 1Dh points at; memory is cleared (blanks in attribute 07h, or colour 0), the
; colour select register gets 30h (3Fh in mode 6: a white foreground) and the mode control value turns the picture
; on. The cursor starts at 0 on page 0 in shape 0607h, as in the table.
cga_set_mode:
        push ax
        push bx
        push cx
        push dx
        push di
        push es
        mov bl, al                      ; bit 7: keep memory
        and al, 7Fh
        cmp al, CGA_LAST_MODE
        ja .out
        xor ah, ah
        mov si, ax
        mov [bda_video_mode], al
        mov al, [cs:cga_mode_controls + si]
        mov [bda_video_msr], al
        and al, 37h                     ; video enable off
        mov dx, CGA_MODE_CONTROL
        out dx, al
        mov al, [cs:cga_mode_columns + si]
        mov [bda_video_cols], ax
        mov di, si
        and di, 6
        mov ax, [cs:cga_regen_lengths + di]
        mov [bda_video_page_size], ax
        xor ax, ax
        mov [bda_video_page_start], ax
        mov [bda_video_page], al
        push ds
        pop es
        mov di, bda_cursor_pos
        mov cx, 8
        rep stosw
        mov word [bda_cursor_shape], 0607h
        mov word [bda_crtc_base], CGA_CRTC
        ; 40:84/40:85 are EGA fields IBM's PC BIOS leaves 0; they are set here because programs (and this BIOS's
        ; INT 05h) read the rows from 40:84 whatever the adapter.
        mov byte [bda_video_rows], CGA_ROWS - 1
        mov word [bda_char_height], 8
        xor ax, ax
        mov es, ax
        les di, [es:1Dh * 4]
        mov al, 32                      ; graphics group
        cmp si, 4
        jae .group
        mov ax, si
        and al, 2                       ; modes 2/3: the 80x25 group at 16
        mov cl, 3
        shl al, cl
.group:
        add di, ax
        mov dx, [bda_crtc_base]
        xor al, al
.crtc:
        mov ah, [es:di]
        out dx, ax                      ; index to 3D4h, value to 3D5h
        inc di
        inc al
        cmp al, 16
        jb .crtc
        test bl, 80h
        jnz .palette
        mov ax, CGA_SEG
        mov es, ax
        xor di, di
        mov cx, CGA_MEMORY_BYTES / 2
        mov ax, 0720h
        cmp si, 4
        jb .clear
        xor ax, ax
.clear:
        rep stosw
.palette:
        mov al, 30h
        cmp si, 6
        jne .select
        mov al, 3Fh
.select:
        mov [bda_video_palette], al
        mov dx, CGA_COLOR_SELECT
        out dx, al
        mov al, [bda_video_msr]
        mov dx, CGA_MODE_CONTROL
        out dx, al
.out:
        pop es
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Writes AH to 6845 register AL (index at 40:63, data at the next port). Keeps every register.
cga_crtc_out:
        push dx
        mov dx, [bda_crtc_base]
        out dx, ax
        pop dx
        ret

; AH=01h: CH = start line (bits 5-6: 01 turns the cursor off), CL = end line, straight into 6845 R10/R11 and 40:60.
cga_set_cursor_shape:
        push ax
        mov [bda_cursor_shape], cx
        mov al, 0Ah
        mov ah, ch
        call cga_crtc_out
        mov al, 0Bh
        mov ah, cl
        call cga_crtc_out
        pop ax
        ret

; BH = page -> DX = its cursor position (40:50, one word per page: low = column, high = row). Keeps the rest.
cga_cursor_of:
        push bx
        mov bl, bh
        and bx, 7
        shl bx, 1
        mov dx, [bda_cursor_pos + bx]
        pop bx
        ret

; AH=02h: BH = page, DX = row/column. The 6845 follows when the page is the one shown.
cga_set_cursor_pos:
        push bx
        mov bl, bh
        and bx, 7
        shl bx, 1
        mov [bda_cursor_pos + bx], dx
        shr bx, 1
        cmp bl, [bda_video_page]
        jne .done
        call cga_update_cursor
.done:
        pop bx
        ret

; 6845 R14/R15 = the active page's cursor as a character address: page start / 2 + row * columns + column.
cga_update_cursor:
        push ax
        push bx
        push dx
        mov bh, [bda_video_page]
        call cga_cursor_of
        mov al, dh
        mul byte [bda_video_cols]
        xor dh, dh
        add ax, dx
        mov bx, [bda_video_page_start]
        shr bx, 1
        add bx, ax
        mov al, 0Eh
        mov ah, bh
        call cga_crtc_out
        mov al, 0Fh
        mov ah, bl
        call cga_crtc_out
        pop dx
        pop bx
        pop ax
        ret

; AH=03h: BH = page -> DX = position, CX = cursor shape.
cga_get_cursor:
        call cga_cursor_of
        mov cx, [bda_cursor_shape]
        ret

; AH=05h: AL = page to show, in the text modes (8 pages of 2 KB at 40 columns, 4 of 4 KB at 80); pages past the
; 16 KB and the graphics modes' single page leave everything as it was. 6845 R12/R13 = start / 2.
cga_set_page:
        push ax
        push bx
        push dx
        cmp byte [bda_video_mode], 4
        jae .done
        mov bl, al
        xor ah, ah
        mul word [bda_video_page_size]
        test dx, dx
        jnz .done
        cmp ax, CGA_MEMORY_BYTES
        jae .done
        mov [bda_video_page], bl
        mov [bda_video_page_start], ax
        shr ax, 1
        mov bx, ax
        mov al, 0Ch
        mov ah, bh
        call cga_crtc_out
        mov al, 0Dh
        mov ah, bl
        call cga_crtc_out
        call cga_update_cursor
.done:
        pop dx
        pop bx
        pop ax
        ret

; AH=0Fh: -> AL = mode, AH = columns, BH = active page.
cga_get_mode:
        mov al, [bda_video_mode]
        mov ah, [bda_video_cols]
        mov bh, [bda_video_page]
        ret

; AH=0Bh: BH=00h: BL bits 0-3 = background (320x200), border (text) or foreground (640x200) colour, bit 4 the
; intensified 320x200 palette; BH=01h: BL bit 0 = 320x200 palette (0 green/red/brown, 1 cyan/magenta/white). The
; colour select register is write-only, so its value lives at 40:66 (IBM PC/XT TR, "Color Select Register").
cga_set_palette:
        push ax
        push dx
        COLOR_SELECT_UPDATE .done
        mov dx, CGA_COLOR_SELECT
        out dx, al
.done:
        pop dx
        pop ax
        ret

; POST, after the scan for a video option ROM: when none took INT 10h (it is still F000:F065) and the display
; switches name a colour display, 40 or 80 columns (IBM PC/XT TR, POST: SW1 5-6 pick the video mode POST sets), the
; CGA services here take INT 10h, INT 1Fh points at the upper half of the 8x8 font, the equipment word gets the
; switches' display, and the screen starts in mode 1 or 3. A monochrome or EGA/VGA setting without a ROM leaves
; INT 10h doing nothing, as before.
cga_post_init:
        push ax
        push cx
        push ds
        xor ax, ax
        mov ds, ax
        cmp word [10h * 4], int10_entry
        jne .done
        cmp word [10h * 4 + 2], BIOS_SEG
        jne .done
        call cga_display_switches
        cmp al, 1
        jb .done
        cmp al, 2
        ja .done
        mov word [10h * 4], cga_int10
        mov word [1Fh * 4], cga_font_high
        mov word [1Fh * 4 + 2], BIOS_SEG
        mov ah, al
        mov cl, 4
        shl ah, cl
        and byte [BDA_SEG * 16 + bda_equipment], 0CFh
        or [BDA_SEG * 16 + bda_equipment], ah
        shl al, 1
        dec al                          ; 01b (40 columns) -> mode 1, 10b (80 columns) -> mode 3
        xor ah, ah
        int 10h
.done:
        pop ds
        pop cx
        pop ax
        ret

; -> AL = the primary display as the switches encode it: 00b EGA/VGA (an adapter with its own ROM), 01b colour 40x25,
; 10b colour 80x25, 11b monochrome. XT: SW1 5-6 read as port C bits 0-1 while port B bit 3 selects switches 5-8
; (IBM PC/XT TR, "8255A I/O Bit Map"). AT: CMOS equipment byte 14h bits 5-4 (IBM PC/AT TR, "CMOS RAM"); the CMOS
; index is left at register D as POST leaves it.
cga_display_switches:
        cmp byte [cs:cfg_machine], MACHINE_AT
        je .at
        in al, PPI_PORTB
        mov ah, al
        or al, 08h
        out PPI_PORTB, al
        in al, PPI_PORTC
        xchg al, ah
        out PPI_PORTB, al
        mov al, ah
        and al, 03h
        ret
.at:
        push cx
        mov al, CMOS_EQUIPMENT
        call cmos_read
        mov cl, 4
        shr al, cl
        and al, 03h
        mov ah, al
        mov al, RTC_REG_D
        out CMOS_INDEX, al
        mov al, ah
        pop cx
        ret

; Characters 80h-FFh of the 8x8 font, for INT 1Fh (RBIL INT 1Fh); 00h-7Fh are at F000:FA6E (fixed.asm).
cga_font_high:
        incbin "font-8x8.bin", 128 * 8, 128 * 8
