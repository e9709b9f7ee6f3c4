; INT 10h video services for a VGA (IBM VGA Technical Reference; RBIL INT 10h): the text modes 0-3 and 7 and the
; graphics modes 4-6, 0Dh-13h (graphics.asm). Every register is programmed through the VGA's ports; text lives at
; B8000h (B0000h in mode 7) in odd/even mode, planes 0 and 1, and the font in plane 2, loaded through the sequencer
; map mask and graphics controller.

int10_handler:
        sti
        cld
        push si
        push ds
        mov si, BDA_SEG
        mov ds, si
        cmp ah, 1Bh
        jae .done
        push bx
        mov bl, ah
        xor bh, bh
        shl bx, 1
        mov si, [cs:video_functions + bx]
        pop bx
        call si
.done:
        pop ds
        pop si
        iret

video_functions:
        dw video_set_mode, video_set_cursor_shape, video_set_cursor_pos, video_get_cursor
        dw video_unsupported, video_set_page, video_scroll_up, video_scroll_down
        dw video_read_char, video_write_char_attr, video_write_char, video_set_border
        dw video_write_pixel, video_read_pixel, video_teletype, video_get_mode
        dw video_palette, video_font, video_alternate_select, video_write_string
        dw video_unsupported, video_unsupported, video_unsupported, video_unsupported
        dw video_unsupported, video_unsupported, video_display_combination

; Functions this BIOS does not provide (light pen) leave every register unchanged.
video_unsupported:
        ret

; AH=00h: AL = mode (bit 7: keep video memory). Modes this BIOS does not set leave everything as it was.
video_set_mode:
        push ax
        push bx
        push cx
        push dx
        push di
        push es
        mov ah, al
        and al, 7Fh
        cmp al, VGA_LAST_MODE
        ja .out
        mov bl, al
        xor bh, bh
        shl bx, 1
        mov si, [cs:vga_mode_entries + bx]
        test si, si
        jz .out
        shr bx, 1
        mov [bda_video_mode], al
        mov al, 29h
        cmp bl, 7
        ja .msr
        mov al, [cs:cga_mode_select + bx]
.msr:
        mov [bda_video_msr], al
        ; 40:66 mirrors the CGA colour select register: palette 1, intensified (3Fh: white foreground in mode 6).
        mov al, 30h
        cmp bl, 6
        jne .palette
        mov al, 3Fh
.palette:
        mov [bda_video_palette], al
        and byte [bda_ega_misc], 7Fh
        and ah, 80h
        or ah, 60h                      ; EGA info: 256 KB video memory
        or [bda_ega_misc], ah
        mov al, [cs:si + VM_COLS]
        xor ah, ah
        mov [bda_video_cols], ax
        mov ax, [cs:si + VM_PAGE_SIZE]
        mov [bda_video_page_size], ax
        xor ax, ax
        mov [bda_video_page_start], ax
        mov [bda_video_page], al
        mov di, bda_cursor_pos
        mov cx, 8
.clear_cursors:
        mov [di], ax
        add di, 2
        loop .clear_cursors
        mov ax, [cs:si + VM_CURSOR]
        mov [bda_cursor_shape], ax
        mov ax, [cs:si + VM_CRTC_PORT]
        mov [bda_crtc_base], ax
        mov al, [cs:si + VM_ROWS]
        mov [bda_video_rows], al
        mov al, [cs:si + VM_CHAR_HEIGHT]
        xor ah, ah
        mov [bda_char_height], ax
        mov byte [bda_ega_switches], 09h
        mov byte [bda_vga_flags], 11h   ; VGA active, 400 scan lines
        mov byte [bda_vga_dcc], 0Bh
        and byte [bda_equipment], 0CFh
        mov al, 20h
        cmp word [bda_crtc_base], VGA_CRTC_MONO
        jne .equipment
        mov al, 30h
.equipment:
        or [bda_equipment], al
        call vga_program
        call vga_load_dac
        call set_graphics_font
        cmp byte [cs:si + VM_MODEL], MODEL_TEXT
        jne .clear
        push bp
        mov ax, cs
        mov es, ax
        mov bp, font_8x16
        mov cx, 256
        xor dx, dx
        mov bx, 1000h
        call vga_load_font
        pop bp
.clear:
        test byte [bda_ega_misc], 80h
        jnz .out
        call clear_video_memory
.out:
        pop es
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Fills the mode's video memory (CS:SI = mode entry): text with blanks in attribute 07h, graphics with colour 0. The
; planar modes clear all four planes at once (map mask 0Fh from the mode's sequencer values).
clear_video_memory:
        push ax
        push cx
        push di
        push es
        mov es, [cs:si + VM_SEGMENT]
        xor di, di
        mov cx, 4000h
        mov ax, 0720h
        cmp byte [cs:si + VM_MODEL], MODEL_TEXT
        je .fill
        xor ax, ax
        cmp byte [cs:si + VM_MODEL], MODEL_PLANAR
        jb .fill
        mov cx, 8000h                   ; the whole 64 KB window at A0000h
.fill:
        rep stosw
        pop es
        pop di
        pop cx
        pop ax
        ret

; Points INT 43h at the font the graphics character functions draw with (RBIL INT 43h): the 8x16 font for the
; 16-line cells of modes 11h/12h, the 8x14 font for mode 10h's 14-line cells, the 8x8 font otherwise. CS:SI = mode
; entry.
set_graphics_font:
        push ax
        push ds
        xor ax, ax
        mov ds, ax
        mov ax, font_8x8
        cmp byte [cs:si + VM_MODEL], MODEL_TEXT
        je .set
        cmp byte [cs:si + VM_CHAR_HEIGHT], 14
        jne .not_14
        mov ax, font_8x14
.not_14:
        cmp byte [cs:si + VM_CHAR_HEIGHT], 16
        jne .set
        mov ax, font_8x16
.set:
        mov [43h * 4], ax
        mov [43h * 4 + 2], cs
        pop ds
        pop ax
        ret

; Programs the sequencer (under synchronous reset), miscellaneous output, CRTC, graphics and attribute controllers
; from the mode entry at CS:SI.
vga_program:
        push ax
        push bx
        push cx
        push dx
        mov dx, VGA_SEQ
        mov ax, 0100h
        out dx, ax
        mov bx, VM_SEQ
        mov al, 1
.seq:
        mov ah, [cs:si + bx]
        out dx, ax
        inc bx
        inc al
        cmp al, 5
        jb .seq
        mov dx, VGA_MISC_WRITE
        mov al, [cs:si + VM_MISC]
        out dx, al
        mov dx, VGA_SEQ
        mov ax, 0300h
        out dx, ax
        ; CRTC: clear the write protect bit of register 11h first, or registers 0-7 ignore writes.
        mov dx, [cs:si + VM_CRTC_PORT]
        mov al, 11h
        mov ah, [cs:si + VM_CRTC + 11h]
        and ah, 7Fh
        out dx, ax
        mov bx, VM_CRTC
        xor al, al
.crtc:
        mov ah, [cs:si + bx]
        out dx, ax
        inc bx
        inc al
        cmp al, 19h
        jb .crtc
        mov dx, VGA_GC
        mov bx, VM_GC
        xor al, al
.gc:
        mov ah, [cs:si + bx]
        out dx, ax
        inc bx
        inc al
        cmp al, 9
        jb .gc
        ; Attribute controller: reading input status 1 resets its index/data flip-flop.
        mov dx, [cs:si + VM_CRTC_PORT]
        add dx, 6
        in al, dx
        mov dx, VGA_AC
        mov bx, VM_AC
        xor cl, cl
.ac:
        mov al, cl
        out dx, al
        mov al, [cs:si + bx]
        out dx, al
        inc bx
        inc cl
        cmp cl, 15h
        jb .ac
        mov al, 20h                     ; palette address source: the display reads the palette again
        out dx, al
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Loads the DAC for the mode entry at CS:SI (its VM_DAC kind). The EGA table: bits 0-2 = blue, green, red at 2/3
; intensity, bits 3-5 the same at 1/3. The CGA table, for the 200-line modes whose monitor reads bit 4 as intensity
; (IBM EGA TR, "200-line modes"): bits 0-2 at 2/3, bit 4 adds 1/3 to all three, colour 6 is brown. Mono: grey levels
; for normal (08h), dim (10h) and bright (18h). The 256-colour default: the 16 CGA colours, a grey ramp, then the
; hue wheel (dac_groups, dac_hues), the last 8 entries black.
vga_load_dac:
        push ax
        push bx
        push cx
        push dx
        push di
        mov dx, VGA_DAC_MASK
        mov al, 0FFh
        out dx, al
        mov dx, VGA_DAC_WRITE
        xor al, al
        out dx, al
        inc dx
        mov cl, [cs:si + VM_DAC]
        xor bl, bl
.entry:
        cmp cl, DAC_MONO
        je .mono
        cmp cl, DAC_EGA
        je .ega
        cmp cl, DAC_256
        je .cga_colours
        call dac_cga_entry
        jmp .next
.cga_colours:
        push bx                         ; entries 0-15: IRGB with intensity in bit 3
        test bl, 08h
        jz .low
        xor bl, 18h
.low:
        call dac_cga_entry
        pop bx
        cmp bl, 15
        je .wheel
        jmp .next
.mono:
        mov ah, 08h
        mov bh, 10h
        call dac_component
        out dx, al
        out dx, al
        out dx, al
        jmp .next
.ega:
        mov ah, 04h
        mov bh, 20h
        call dac_component
        out dx, al
        mov ah, 02h
        mov bh, 10h
        call dac_component
        out dx, al
        mov ah, 01h
        mov bh, 08h
        call dac_component
        out dx, al
.next:
        inc bl
        cmp bl, 64
        jb .entry
        jmp .done
.wheel:
        mov di, dac_greys
        mov cx, 16
.grey:
        mov al, [cs:di]
        inc di
        out dx, al
        out dx, al
        out dx, al
        loop .grey
        mov bx, dac_groups
        mov ch, 9
.group:
        mov di, dac_hues
        mov cl, 24
.hue:
        push cx
        mov cx, 3
.component:
        mov al, [cs:di]
        inc di
        cs xlatb
        out dx, al
        loop .component
        pop cx
        dec cl
        jnz .hue
        add bx, 5
        dec ch
        jnz .group
        xor al, al
        mov cx, 8 * 3
.black:
        out dx, al
        loop .black
.done:
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH = primary bit, BH = secondary bit of BL -> AL = 42 for the primary plus 21 for the secondary.
dac_component:
        xor al, al
        test bl, ah
        jz .no_primary
        add al, 42
.no_primary:
        test bl, bh
        jz .no_secondary
        add al, 21
.no_secondary:
        ret

; Writes the CGA-table colour for entry BL (bits 0-2 blue, green, red; bit 4 intensity) to the DAC data port DX.
dac_cga_entry:
        push bx
        mov bh, 0
        test bl, 10h
        jz .intensity
        mov bh, 21
.intensity:
        mov ah, 04h
        call .component
        out dx, al
        mov al, bl
        and al, 17h
        cmp al, 06h                     ; dark yellow shows as brown: green at 1/3
        jne .green
        mov al, 21
        jmp .green_out
.green:
        mov ah, 02h
        call .component
.green_out:
        out dx, al
        mov ah, 01h
        call .component
        out dx, al
        pop bx
        ret
.component:
        mov al, bh
        test bl, ah
        jz .off
        add al, 42
.off:
        ret

; Opens plane 2 at A0000h for the CPU: map mask plane 2, sequential addressing, read map 2, no odd/even, 64 KB
; window (IBM VGA TR, "Loading a character font").
vga_plane2_open:
        push ax
        push dx
        mov dx, VGA_SEQ
        mov ax, 0402h
        out dx, ax
        mov ax, 0604h
        out dx, ax
        mov dx, VGA_GC
        mov ax, 0204h
        out dx, ax
        mov ax, 0005h
        out dx, ax
        mov ax, 0406h
        out dx, ax
        pop dx
        pop ax
        ret

; Returns planes 0/1 to the CPU in odd/even text addressing; AH = graphics miscellaneous value (0Eh colour at B8000h,
; 0Ah mono at B0000h).
vga_plane2_close:
        push ax
        push dx
        push ax
        mov dx, VGA_SEQ
        mov ax, 0302h
        out dx, ax
        mov ax, 0204h
        out dx, ax
        mov dx, VGA_GC
        mov ax, 0004h
        out dx, ax
        mov ax, 1005h
        out dx, ax
        pop ax
        mov al, 06h
        out dx, ax
        pop dx
        pop ax
        ret

; Loads CX glyphs from ES:BP, BH bytes each, as characters DX onward of font block BL in plane 2 (32 bytes per
; glyph; blocks 0-3 at 16 KB steps, 4-7 at 8 KB past them). DS = BIOS data area.
vga_load_font:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push ds
        push es
        mov ah, 0Eh
        cmp word [bda_crtc_base], VGA_CRTC_MONO
        jne .graphics_value
        mov ah, 0Ah
.graphics_value:
        push ax
        call vga_plane2_open
        mov al, bl
        and al, 3
        mov ah, al
        shl ah, 1
        shl ah, 1
        shl ah, 1
        shl ah, 1
        shl ah, 1
        shl ah, 1
        test bl, 4
        jz .block_base
        add ah, 20h
.block_base:
        xor al, al
        mov di, ax
        mov ax, dx
        push cx
        mov cl, 5
        shl ax, cl
        pop cx
        add di, ax
        mov ax, es
        mov ds, ax
        mov si, bp
        mov ax, 0A000h
        mov es, ax
        mov dl, bh
        xor dh, dh
.glyph:
        push cx
        push di
        mov cx, dx
        rep movsb
        pop di
        pop cx
        add di, 32
        loop .glyph
        pop ax
        call vga_plane2_close
        pop es
        pop ds
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH=01h: CH = start line (bit 5: cursor off), CL = end line, in CGA 8-line terms. Like a VGA BIOS, shapes within
; 0-7 are stretched to the character height: lines from 3 on keep their distance from the bottom.
video_set_cursor_shape:
        push ax
        push cx
        push dx
        mov [bda_cursor_shape], cx
        call cursor_emulate
        mov dx, [bda_crtc_base]
        mov al, 0Ah
        mov ah, ch
        out dx, ax
        mov al, 0Bh
        mov ah, cl
        out dx, ax
        pop dx
        pop cx
        pop ax
        ret

cursor_emulate:
        test ch, 60h
        jnz .done
        cmp ch, 7
        ja .done
        cmp cl, 7
        ja .done
        mov al, [bda_char_height]
        cmp al, 8
        jbe .done
        sub al, 9
        cmp ch, 3
        jb .end_only
        add ch, al
        add cl, al
        ret
.end_only:
        cmp cl, 3
        jb .done
        add cl, al
.done:
        ret

; AH=02h: BH = page, DX = row/column.
video_set_cursor_pos:
        push ax
        push bx
        mov bl, bh
        xor bh, bh
        shl bx, 1
        mov [bda_cursor_pos + bx], dx
        shr bx, 1
        cmp bl, [bda_video_page]
        jne .done
        call crtc_update_cursor
.done:
        pop bx
        pop ax
        ret

; Writes the active page's cursor position to CRTC registers 0Eh/0Fh (a character offset from the start of video
; memory).
crtc_update_cursor:
        push ax
        push bx
        push dx
        mov bl, [bda_video_page]
        xor bh, bh
        shl bx, 1
        mov bx, [bda_cursor_pos + bx]
        mov al, bh
        mul byte [bda_video_cols]
        add al, bl
        adc ah, 0
        mov bx, [bda_video_page_start]
        shr bx, 1
        add bx, ax
        mov dx, [bda_crtc_base]
        mov al, 0Eh
        mov ah, bh
        out dx, ax
        mov al, 0Fh
        mov ah, bl
        out dx, ax
        pop dx
        pop bx
        pop ax
        ret

; AH=03h: BH = page -> DX = position, CX = cursor shape.
video_get_cursor:
        push bx
        mov bl, bh
        xor bh, bh
        shl bx, 1
        mov dx, [bda_cursor_pos + bx]
        mov cx, [bda_cursor_shape]
        pop bx
        ret

; AH=05h: AL = page to display (CRTC start address 0Ch/0Dh).
video_set_page:
        push ax
        push bx
        push dx
        and al, 7
        mov [bda_video_page], al
        xor ah, ah
        mul word [bda_video_page_size]
        mov [bda_video_page_start], ax
        shr ax, 1
        mov bx, ax
        mov dx, [bda_crtc_base]
        mov al, 0Ch
        mov ah, bh
        out dx, ax
        mov al, 0Dh
        mov ah, bl
        out dx, ax
        call crtc_update_cursor
        pop dx
        pop bx
        pop ax
        ret

; AH=06h/07h: scroll the window CH,CL-DH,DL of the active page up/down by AL lines (0 = clear it), filling with
; attribute BH.
video_scroll_up:
        xor si, si
        jmp video_scroll
video_scroll_down:
        mov si, 1
video_scroll:
        push ax
        push bx
        push cx
        push dx
        mov bl, [bda_video_page]
        call scroll_window
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AL = lines, BH = fill attribute, BL = page, CX = top-left, DX = bottom-right, SI = 0 up / 1 down. DS = BIOS data.
; Clobbers AX, BX, CX, DX, SI.
scroll_window:
        push ax
        call video_model
        test al, al
        pop ax
        jz .text
        jmp gfx_scroll
.text:
        push bp
        mov bp, sp
        sub sp, 8                       ; [bp-2] width, [bp-4] fill cell, [bp-6] row stride, [bp-7] height, [bp-8] lines
        push di
        push es
        push ds
        mov [bp-8], al
        mov ah, bh
        mov al, ' '
        mov [bp-4], ax
        mov ah, [bda_video_rows]
        cmp dh, ah
        jbe .rows_ok
        mov dh, ah
.rows_ok:
        mov ah, [bda_video_cols]
        dec ah
        cmp dl, ah
        jbe .cols_ok
        mov dl, ah
.cols_ok:
        cmp ch, dh
        ja .done
        cmp cl, dl
        ja .done
        TEXT_SCROLL video_cell
.done:
        pop ds
        pop es
        pop di
        mov sp, bp
        pop bp
        ret

; BH = page, DX = row/column -> ES:DI = its cell in video memory. DS = BIOS data. Preserves other registers.
video_cell:
        push ax
        push dx
        mov al, [bda_video_cols]
        mul dh
        xor dh, dh
        add ax, dx
        shl ax, 1
        mov di, ax
        mov al, bh
        xor ah, ah
        mul word [bda_video_page_size]
        add di, ax
        mov ax, 0B800h
        cmp byte [bda_video_mode], 7
        jne .segment
        mov ax, 0B000h
.segment:
        mov es, ax
        pop dx
        pop ax
        ret

; BH = page -> ES:DI = the cell under that page's cursor.
cursor_cell:
        push bx
        push dx
        push bx
        mov bl, bh
        xor bh, bh
        shl bx, 1
        mov dx, [bda_cursor_pos + bx]
        pop bx
        call video_cell
        pop dx
        pop bx
        ret

; AH=08h: BH = page -> AL = character, AH = attribute at the cursor (graphics modes: gfx_read_char).
video_read_char:
        call video_model
        test al, al
        jz .text
        jmp gfx_read_char
.text:
        push di
        push es
        call cursor_cell
        mov ax, [es:di]
        pop es
        pop di
        ret

; AH=09h: AL = character, BL = attribute, CX = count, BH = page; the cursor does not move.
video_write_char_attr:
        push ax
        call video_model
        test al, al
        pop ax
        jz .text
        jmp gfx_write_chars
.text:
        push ax
        push cx
        push di
        push es
        call cursor_cell
        mov ah, bl
        rep stosw
        pop es
        pop di
        pop cx
        pop ax
        ret

; AH=0Ah: as 09h but the cells keep their attributes (in graphics modes as 09h: BL is the colour).
video_write_char:
        push ax
        call video_model
        test al, al
        pop ax
        jz .text
        jmp gfx_write_chars
.text:
        push cx
        push di
        push es
        call cursor_cell
        jcxz .done
.next:
        stosb
        inc di
        loop .next
.done:
        pop es
        pop di
        pop cx
        ret

; AH=0Eh: teletype output of AL on the active page.
video_teletype:
        push bx
        push cx
        mov bh, [bda_video_page]
        xor cl, cl
        call tty_put
        pop cx
        pop bx
        ret

; AL = character, BH = page, BL = attribute, CL = 1 to store the attribute too. Interprets BEL, BS, LF and CR, wraps
; at the last column and scrolls the page at the bottom, filling with the attribute under the cursor.
tty_put:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push es
        push bx
        mov bl, bh
        xor bh, bh
        shl bx, 1
        mov dx, [bda_cursor_pos + bx]
        pop bx
        cmp al, 0Dh
        je .cr
        cmp al, 0Ah
        je .lf
        cmp al, 08h
        je .bs
        cmp al, 07h
        je .bell
        push ax
        call video_model
        test al, al
        pop ax
        jz .text_cell
        call gfx_draw_char              ; graphics: BL is the foreground colour
        jmp .advance
.text_cell:
        call video_cell
        test cl, cl
        jz .char_only
        mov ah, bl
        mov [es:di], ax
        jmp .advance
.char_only:
        mov [es:di], al
.advance:
        inc dl
        cmp dl, [bda_video_cols]
        jb .set
        xor dl, dl
.lf:
        cmp dh, [bda_video_rows]
        jae .scroll
        inc dh
        jmp .set
.scroll:
        mov dh, [bda_video_rows]
        push bx
        push dx
        mov bl, bh
        call video_model
        mov bh, 0                       ; graphics modes open the new line in colour 0
        test al, al
        jnz .fill_known
        mov bh, bl
        call video_cell
        mov bh, [es:di + 1]             ; text: the attribute under the cursor
.fill_known:
        mov al, 1
        xor cx, cx
        mov dh, [bda_video_rows]
        mov dl, [bda_video_cols]
        dec dl
        xor si, si
        call scroll_window
        pop dx
        pop bx
        jmp .set
.cr:
        xor dl, dl
        jmp .set
.bs:
        test dl, dl
        jz .set
        dec dl
        jmp .set
.bell:
        call beep
        jmp .done
.set:
        call video_set_cursor_pos
.done:
        pop es
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH=0Fh: -> AL = mode (bit 7 as given to the last mode set), AH = columns, BH = active page.
video_get_mode:
        mov al, [bda_ega_misc]
        and al, 80h
        or al, [bda_video_mode]
        mov ah, [bda_video_cols]
        mov bh, [bda_video_page]
        ret

; AH=10h: attribute controller palette and DAC registers.
video_palette:
        push ax
        push bx
        push cx
        push dx
        push di
        cmp al, 00h
        je .set_register
        cmp al, 01h
        je .set_overscan
        cmp al, 02h
        je .set_all
        cmp al, 03h
        je .blink
        cmp al, 07h
        je .get_register
        cmp al, 08h
        je .get_overscan
        cmp al, 09h
        je .get_all
        cmp al, 1Ah
        je .get_page_state
        cmp al, 10h
        je .set_dac
        cmp al, 12h
        je .set_dac_block
        cmp al, 15h
        je .get_dac
        cmp al, 17h
        je .get_dac_block
        jmp .out
.set_register:
        mov al, bl
        and al, 1Fh
        mov ah, bh
        call ac_write
        jmp .out
.set_overscan:
        mov al, 11h
        mov ah, bh
        call ac_write
        jmp .out
.set_all:
        mov di, dx
        xor al, al
.set_all_next:
        mov ah, [es:di]
        inc di
        call ac_write
        inc al
        cmp al, 10h
        jb .set_all_next
        mov ah, [es:di]
        mov al, 11h
        call ac_write
        jmp .out
.blink:
        mov al, 10h
        call ac_read
        and ah, 0F7h
        test bl, bl
        jz .blink_set
        or ah, 08h
.blink_set:
        call ac_write
        jmp .out
.get_register:
        mov al, bl
        call ac_read
        pop di
        pop dx
        pop cx
        pop bx
        mov bh, ah
        pop ax
        ret
.get_overscan:
        mov al, 11h
        call ac_read
        pop di
        pop dx
        pop cx
        pop bx
        mov bh, ah
        pop ax
        ret
.get_all:
        mov di, dx
        xor al, al
.get_all_next:
        call ac_read
        mov [es:di], ah
        inc di
        inc al
        cmp al, 10h
        jb .get_all_next
        mov al, 11h
        call ac_read
        mov [es:di], ah
        jmp .out
; 1Ah: BL = paging mode (mode control bit 7: 16 pages of 16 DAC entries, else 4 of 64), BH = the page (colour
; select register bits 0-3, or bits 2-3 in 64-entry paging).
.get_page_state:
        mov al, 10h
        call ac_read
        mov bl, ah
        rol bl, 1
        and bl, 1
        mov al, 14h
        call ac_read
        mov bh, ah
        and bh, 0Fh
        test bl, bl
        jnz .page_state
        shr bh, 1
        shr bh, 1
.page_state:
        pop di
        pop dx
        pop cx
        add sp, 2                       ; the caller's BX is replaced
        pop ax
        ret
.set_dac:
        mov ah, dh
        mov al, bl
        mov dx, VGA_DAC_WRITE
        out dx, al
        inc dx
        mov al, ah
        out dx, al
        mov al, ch
        out dx, al
        mov al, cl
        out dx, al
        jmp .out
.set_dac_block:
        mov di, dx
        mov al, bl
        mov dx, VGA_DAC_WRITE
        out dx, al
        inc dx
        mov ax, cx
        add cx, ax
        add cx, ax
        jcxz .out
.set_dac_byte:
        mov al, [es:di]
        inc di
        out dx, al
        loop .set_dac_byte
        jmp .out
.get_dac:
        mov al, bl
        mov dx, 3C7h
        out dx, al
        mov dx, VGA_DAC_DATA
        in al, dx
        mov ah, al
        in al, dx
        mov ch, al
        in al, dx
        mov cl, al
        pop di
        pop dx
        mov dh, ah
        pop bx                          ; the caller's CX is replaced by green/blue
        pop bx
        pop ax
        ret
.get_dac_block:
        mov di, dx
        mov al, bl
        mov dx, 3C7h
        out dx, al
        mov dx, VGA_DAC_DATA
        mov ax, cx
        add cx, ax
        add cx, ax
        jcxz .out
.get_dac_byte:
        in al, dx
        mov [es:di], al
        inc di
        loop .get_dac_byte
.out:
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Writes AH to attribute controller register AL. The palette registers (00h-0Fh) take writes only while the index
; has bit 5 (palette address source) clear, which blanks the display (IBM VGA TR, "Attribute Address Register"), so
; the index goes out with bit 5 clear and is then written again with it set to show the palette.
ac_write:
        push ax
        push dx
        push ax
        mov dx, [bda_crtc_base]
        add dx, 6
        in al, dx
        mov dx, VGA_AC
        pop ax
        and al, 1Fh
        out dx, al
        mov al, ah
        out dx, al
        mov al, 20h
        out dx, al
        pop dx
        pop ax
        ret

; Reads attribute controller register AL into AH.
ac_read:
        push dx
        push ax
        mov dx, [bda_crtc_base]
        add dx, 6
        in al, dx
        pop ax
        push ax
        mov dx, VGA_AC
        or al, 20h
        out dx, al
        inc dx
        in al, dx
        mov ah, al
        pop dx
        mov al, dl
        push ax
        mov dx, [bda_crtc_base]        ; leave the flip-flop at "index" for the next program
        add dx, 6
        in al, dx
        pop ax
        pop dx
        ret

; AH=11h: character generator. AL=00h/10h user font (ES:BP, CX glyphs, DX first, BL block, BH bytes each),
; 01h/11h the ROM 8x14 font, 04h/14h the ROM 8x16 font, 02h/12h the ROM 8x8 font, 03h block select
; (BL); the 1xh forms also set the character height and the number of rows. AL=30h: font information.
video_font:
        push ax
        push bx
        push cx
        push dx
        cmp al, 30h
        je .info
        cmp al, 03h
        je .block_select
        test al, 0E8h
        jnz .out
        mov ah, al
        and al, 0Fh
        cmp al, 4
        ja .out
        cmp al, 00h
        je .load
        push bp
        push es
        mov cx, cs
        mov es, cx
        mov cx, 256
        xor dx, dx
        mov bh, 16
        mov bp, font_8x16
        cmp al, 01h
        jne .not_8x14
        mov bh, 14
        mov bp, font_8x14
.not_8x14:
        cmp al, 02h
        jne .rom_load
        mov bh, 8
        mov bp, font_8x8
.rom_load:
        call vga_load_font
        pop es
        pop bp
        jmp .loaded
.load:
        call vga_load_font
.loaded:
        test ah, 10h
        jz .out
        call set_char_height
        jmp .out
.block_select:
        mov dx, VGA_SEQ
        mov al, 03h
        mov ah, bl
        out dx, ax
        jmp .out
.info:
        mov bl, bh
        xor bh, bh
        cmp bl, 7
        ja .out
        shl bx, 1
        mov bp, [cs:font_pointers + bx]
        mov ax, cs
        mov es, ax
        cmp bl, 2
        ja .info_done
        ; 0 and 1: the pointers held in INT 1Fh and INT 43h
        mov ax, 1Fh * 4
        jb .vector
        mov ax, 43h * 4
.vector:
        push ds
        mov bx, ax
        xor ax, ax
        mov ds, ax
        les bp, [bx]
        pop ds
.info_done:
        pop dx
        pop cx
        pop bx
        pop ax
        mov cx, [bda_char_height]
        mov dl, [bda_video_rows]
        ret
.out:
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AX=1130h, BH = 2-7: the ROM 8x14, 8x8, 8x8 upper half, 9x14 alternates, 8x16, 9x16 alternates (RBIL INT 10h
; AX=1130h); 0 and 1 are the INT 1Fh and INT 43h vectors.
font_pointers:
        dw 0, 0, font_8x14, font_8x8, font_8x8 + 128 * 8, font_alternate_none, font_8x16, font_alternate_none
font_alternate_none:
        db 0                            ; empty 9-dot replacement list: no glyph differs in its ninth column

; Sets the character cell height to BH lines on the 400-line display: rows = 400 / height, CRTC maximum scan line
; (09h), vertical display end (12h) and cursor lines, and the BIOS data area's rows, height and page size.
set_char_height:
        push ax
        push bx
        push cx
        push dx
        mov ax, 400
        div bh
        mov cl, al                      ; rows
        dec al
        mov [bda_video_rows], al
        mov al, bh
        xor ah, ah
        mov [bda_char_height], ax
        mov al, cl
        mul byte [bda_video_cols]
        shl ax, 1
        mov [bda_video_page_size], ax
        mov dx, [bda_crtc_base]
        mov al, 09h
        out dx, al
        inc dx
        in al, dx
        and al, 0E0h
        dec bh
        or al, bh
        out dx, al
        dec dx
        mov al, cl
        inc bh
        mul bh
        dec ax
        mov ah, al
        mov al, 12h
        out dx, ax
        mov al, 0Ah
        mov ah, bh
        sub ah, 3
        cmp bh, 8
        ja .cursor_start
        mov ah, 6
.cursor_start:
        out dx, ax
        inc al
        inc ah
        out dx, ax
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH=12h, BL=10h: EGA/VGA information -> BH = 0 colour / 1 mono, BL = 3 (256 KB), CH = 0, CL = switch settings.
video_alternate_select:
        cmp bl, 10h
        jne .done
        xor bh, bh
        cmp word [bda_crtc_base], VGA_CRTC_MONO
        jne .colour
        inc bh
.colour:
        mov bl, 3
        mov cl, [bda_ega_switches]
        and cl, 0Fh
        xor ch, ch
.done:
        ret

; AH=13h: write string ES:BP, CX characters, at DX on page BH; AL bit 0 moves the cursor, bit 1 means the string
; alternates characters and attributes (else BL is the attribute).
video_write_string:
        push ax
        push bx
        push cx
        push dx
        push si
        push bx
        mov bl, bh
        xor bh, bh
        shl bx, 1
        mov si, [bda_cursor_pos + bx]
        pop bx
        push si
        call video_set_cursor_pos
        mov si, bp
        mov ah, al
        jcxz .finish
.next:
        push cx
        mov al, [es:si]
        inc si
        test ah, 02h
        jz .attribute_given
        mov bl, [es:si]
        inc si
.attribute_given:
        mov cl, 1
        call tty_put
        pop cx
        loop .next
.finish:
        pop dx
        test ah, 01h
        jnz .keep
        call video_set_cursor_pos
.keep:
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH=1Ah: display combination code. AL=00h -> AL = 1Ah, BL = 08h VGA colour or 07h VGA mono, BH = 0 (no second
; display). AL=01h (set) is accepted: AL = 1Ah.
video_display_combination:
        cmp al, 01h
        ja .done
        je .ok
        mov bx, 0008h
        cmp word [bda_crtc_base], VGA_CRTC_MONO
        jne .ok
        mov bl, 07h
.ok:
        mov al, 1Ah
.done:
        ret
