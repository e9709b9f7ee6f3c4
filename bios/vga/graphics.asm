; INT 10h services in the graphics modes (IBM VGA Technical Reference, "BIOS": write/read dot, write character in
; graphics modes, scroll; RBIL INT 10h AH=0Ch/0Dh). The memory layout comes from the mode entry (VM_MODEL):
; CGA 2-bit and 1-bit pixels with odd lines in the bank at 2000h, the planar 16-colour modes through the graphics
; controller's set/reset and bit mask, and one byte per pixel in mode 13h. Characters are drawn from the font INT 43h
; points at (RBIL INT 43h), one byte per line, bda_char_height lines.

; -> CS:SI = the current mode's entry. DS = BIOS data.
mode_entry:
        push bx
        mov bl, [bda_video_mode]
        xor bh, bh
        shl bx, 1
        mov si, [cs:vga_mode_entries + bx]
        pop bx
        ret

; -> AL = the current mode's memory layout (MODEL_*). DS = BIOS data.
video_model:
        push si
        call mode_entry
        mov al, [cs:si + VM_MODEL]
        pop si
        ret

; Graphics controller back to its mode-set state: no set/reset, replace, all bits, write mode 0, read map 0.
gc_restore:
        push ax
        push dx
        mov dx, VGA_GC
        mov ax, 0000h
        out dx, ax
        mov ax, 0001h
        out dx, ax
        mov ax, 0003h
        out dx, ax
        mov ax, 0004h
        out dx, ax
        mov ax, 0005h
        out dx, ax
        mov ax, 0FF08h
        out dx, ax
        pop dx
        pop ax
        ret

; CX = x, DX = y, BH = page -> ES:DI = the byte holding the pixel, CL = the bit position of its lowest bit, BL = the
; memory layout. Keeps AX and DX; changes CH and SI.
pixel_locate:
        push ax
        push dx
        call mode_entry
        mov bl, [cs:si + VM_MODEL]
        mov es, [cs:si + VM_SEGMENT]
        cmp bl, MODEL_PLANAR
        je .planar
        ja .linear
        mov ax, dx
        call cga_line_offset
        mov ax, cx
        shr ax, 1
        shr ax, 1
        cmp bl, MODEL_CGA4
        jne .eight_per_byte
        add di, ax
        mov al, cl                      ; 4 pixels per byte, leftmost in bits 7-6
        and al, 3
        mov cl, 3
        sub cl, al
        shl cl, 1
        jmp .done
.planar:
        mov ax, [bda_video_cols]
        mul dx
        mov di, ax
        mov al, bh
        xor ah, ah
        mul word [bda_video_page_size]
        add di, ax
        mov ax, cx
        shr ax, 1
        shr ax, 1
.eight_per_byte:
        shr ax, 1
        add di, ax
        mov al, cl                      ; 8 pixels per byte, leftmost in bit 7
        and al, 7
        mov cl, 7
        sub cl, al
        jmp .done
.linear:
        mov ax, 320
        mul dx
        add ax, cx
        mov di, ax
.done:
        pop dx
        pop ax
        ret

; AX = y -> DI = the offset of pixel line y in the CGA layout: line y/2 of the even lines at 0, or of the odd
; lines in the bank at 2000h. Keeps every other register.
cga_line_offset:
        push dx
        push ax
        shr ax, 1
        mov di, 80
        mul di
        mov di, ax
        pop ax
        test al, 1
        jz .even
        add di, 2000h
.even:
        pop dx
        ret

; AH=0Ch: AL = colour (bit 7: XOR it into the pixel, except in mode 13h), BH = page, CX = x, DX = y.
video_write_pixel:
        push ax
        push bx
        push cx
        push dx
        push di
        push es
        mov ah, al
        call pixel_locate
        cmp bl, MODEL_TEXT
        je .done
        cmp bl, MODEL_LINEAR
        jne .not_linear
        mov [es:di], ah
        jmp .done
.not_linear:
        cmp bl, MODEL_PLANAR
        je .planar
        mov bl, 3                       ; CGA: the pixel's bits
        cmp byte [bda_video_mode], 6
        jne .mask
        mov bl, 1
.mask:
        mov al, ah
        and al, bl
        shl al, cl
        shl bl, cl
        test ah, 80h
        jnz .xor
        not bl
        and [es:di], bl
        or [es:di], al
        jmp .done
.xor:
        xor [es:di], al
        jmp .done
.planar:
        ; Set/reset supplies the colour to all four planes, the bit mask picks the pixel; reading first loads the
        ; latches so the other seven pixels are written back unchanged.
        mov bh, ah
        mov dx, VGA_GC
        xor al, al
        and ah, 0Fh
        out dx, ax
        mov ax, 0F01h
        out dx, ax
        mov ah, 1
        shl ah, cl
        mov al, 08h
        out dx, ax
        mov ax, 0003h
        test bh, 80h
        jz .function
        mov ah, 18h                     ; data rotate register: XOR with the latches
.function:
        out dx, ax
        mov al, [es:di]
        mov [es:di], al
        call gc_restore
.done:
        pop es
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH=0Dh: BH = page, CX = x, DX = y -> AL = colour.
video_read_pixel:
        push bx
        push cx
        push dx
        push di
        push es
        push ax
        call pixel_locate
        xor ch, ch
        cmp bl, MODEL_TEXT
        je .done
        mov al, [es:di]
        mov ch, al
        cmp bl, MODEL_LINEAR
        je .done
        cmp bl, MODEL_PLANAR
        je .planar
        shr al, cl
        and al, 3
        cmp byte [bda_video_mode], 6
        jne .cga
        and al, 1
.cga:
        mov ch, al
        jmp .done
.planar:
        ; Read map select walks planes 3 to 0; each gives one bit of the colour.
        mov bl, 1
        shl bl, cl
        xor ch, ch
        mov dx, VGA_GC
        mov ah, 3
.plane:
        mov al, 04h
        out dx, ax
        shl ch, 1
        test [es:di], bl
        jz .next
        or ch, 1
.next:
        dec ah
        jns .plane
        mov ax, 0004h
        out dx, ax
.done:
        pop ax
        mov al, ch
        pop es
        pop di
        pop dx
        pop cx
        pop bx
        ret

; Draws character AL in colour BL (bit 7: XOR, except in mode 13h) at row DH, column DL of page BH, in the current
; graphics mode. Keeps every register. Locals: the pixel line, lines left, colour and layout, column, page offset,
; bytes per line.
gfx_draw_char:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push bp
        push ds
        push es
        mov bp, sp
        sub sp, 12
        mov cl, al
        call mode_entry
        mov [bp-6], bl
        mov al, [cs:si + VM_MODEL]
        mov [bp-5], al
        mov es, [cs:si + VM_SEGMENT]
        push dx
        mov al, bh
        xor ah, ah
        mul word [bda_video_page_size]
        mov [bp-10], ax
        pop dx
        mov ax, [bda_video_cols]
        mov [bp-12], ax
        mov ax, [bda_char_height]
        mov [bp-4], ax
        mov al, dh
        mul byte [bda_char_height]
        mov [bp-2], ax
        xor dh, dh
        mov [bp-8], dx
        mov al, cl
        xor ah, ah
        mul word [bda_char_height]
        mov si, ax
        xor ax, ax
        mov ds, ax
        lds ax, [43h * 4]
        add si, ax
.line:
        lodsb
        call gfx_put_line
        inc word [bp-2]
        dec word [bp-4]
        jnz .line
        mov sp, bp
        pop es
        pop ds
        pop bp
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; One line of a glyph: AL = its dots, with gfx_draw_char's locals at BP. ES = video memory.
gfx_put_line:
        push ax
        push bx
        push cx
        push dx
        push di
        mov bl, [bp-6]
        mov bh, [bp-5]
        mov cl, al
        mov ax, [bp-2]
        cmp bh, MODEL_PLANAR
        je .planar
        ja .linear
        call cga_line_offset
        cmp bh, MODEL_CGA4
        je .cga4
        add di, [bp-8]
        mov al, cl
        test bl, 1
        jnz .cga2_store
        xor al, al
.cga2_store:
        test bl, 80h
        jnz .cga2_xor
        mov [es:di], al
        jmp .done
.cga2_xor:
        xor [es:di], al
        jmp .done
.cga4:
        mov ax, [bp-8]
        shl ax, 1
        add di, ax
        xor dx, dx                      ; each dot becomes two bits of colour, the left four in DH
        mov ch, 8
.dot:
        shl dx, 1
        shl dx, 1
        shl cl, 1
        jnc .dot_off
        mov al, bl
        and al, 3
        or dl, al
.dot_off:
        dec ch
        jnz .dot
        test bl, 80h
        jnz .cga4_xor
        mov [es:di], dh
        mov [es:di + 1], dl
        jmp .done
.cga4_xor:
        xor [es:di], dh
        xor [es:di + 1], dl
        jmp .done
.planar:
        mul word [bp-12]
        add ax, [bp-8]
        add ax, [bp-10]
        mov di, ax
        mov dx, VGA_GC
        mov ax, 0F01h
        out dx, ax
        test bl, 80h
        jnz .planar_xor
        mov ax, 0000h                   ; the cell's background: colour 0 in all eight pixels
        out dx, ax
        mov ax, 0FF08h
        out dx, ax
        mov al, [es:di]
        mov [es:di], al
        jmp .planar_dots
.planar_xor:
        mov ax, 1803h
        out dx, ax
.planar_dots:
        mov ah, bl
        and ah, 0Fh
        xor al, al
        out dx, ax
        mov ah, cl
        mov al, 08h
        out dx, ax
        mov al, [es:di]
        mov [es:di], al
        call gc_restore
        jmp .done
.linear:
        mov dx, 320
        mul dx
        mov di, ax
        mov ax, [bp-8]
        shl ax, 1
        shl ax, 1
        shl ax, 1
        add di, ax
        mov ch, 8
.pixel:
        xor al, al
        shl cl, 1
        jnc .store
        mov al, bl
.store:
        stosb
        dec ch
        jnz .pixel
.done:
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Scrolls the window CH,CL-DH,DL of page BL up (SI = 0) or down (SI = 1) by AL character rows (0 = clear it), in
; a graphics mode, filling the rows it opens with colour BH. Planar modes copy through the latches (write mode 1),
; all four planes at once. DS = BIOS data; clobbers AX, BX, CX, DX, SI.
; Locals: lines, cell height, bytes per row, direction, left column, layout/fill, page offset, bytes per line, rows.
gfx_scroll:
        push bp
        mov bp, sp
        sub sp, 18
        push di
        push es
        push ds
        mov [bp-8], si
        xor ah, ah
        mov [bp-2], ax
        mov [bp-11], bh
        push dx
        mov al, bl
        mul word [bda_video_page_size]
        mov [bp-14], ax
        pop dx
        call mode_entry
        mov al, [cs:si + VM_MODEL]
        mov [bp-12], al
        mov es, [cs:si + VM_SEGMENT]
        mov ax, [bda_video_cols]
        mov [bp-16], ax
        mov ax, [bda_char_height]
        mov [bp-4], ax
        cmp dh, [bda_video_rows]
        jbe .rows_ok
        mov dh, [bda_video_rows]
.rows_ok:
        mov al, [bda_video_cols]
        dec al
        cmp dl, al
        jbe .cols_ok
        mov dl, al
.cols_ok:
        cmp ch, dh
        ja .done
        cmp cl, dl
        ja .done
        mov al, cl
        xor ah, ah
        mov [bp-10], ax
        mov al, dl                      ; bytes per pixel line of the window: columns times bytes per column
        sub al, cl
        inc al
        mov bl, [bp-12]
        cmp bl, MODEL_CGA4
        jne .not_cga4
        shl ax, 1
.not_cga4:
        cmp bl, MODEL_LINEAR
        jne .width
        shl ax, 1
        shl ax, 1
        shl ax, 1
.width:
        mov [bp-6], ax
        mov al, dh
        sub al, ch
        inc al
        mov [bp-18], ax                 ; rows in the window
        mov ax, [bp-2]
        test ax, ax
        jz .clear_all
        cmp ax, [bp-18]
        jbe .lines_ok
.clear_all:
        mov ax, [bp-18]
        mov [bp-2], ax
.lines_ok:
        mov ax, es
        mov ds, ax
        cmp byte [bp-12], MODEL_PLANAR
        jne .copy_setup
        push dx
        mov dx, VGA_GC
        mov ax, 0105h                   ; write mode 1: each write stores the latches the read loaded
        out dx, ax
        pop dx
.copy_setup:
        ; BL = first destination row, BH = its source; both step by +1 (up) or -1 (down).
        mov bl, ch
        mov bh, ch
        add bh, [bp-2]
        test byte [bp-8], 1
        jz .copy_count
        mov bl, dh
        mov bh, dh
        sub bh, [bp-2]
.copy_count:
        mov cx, [bp-18]
        sub cx, [bp-2]
        jz .fill
.copy_row:
        push cx
        mov al, bl
        mov ah, bh
        call gfx_copy_row
        pop cx
        call .step
        loop .copy_row
.fill:
        cmp byte [bp-12], MODEL_PLANAR
        jne .fill_rows
        push dx
        mov dx, VGA_GC
        mov ax, 0005h
        out dx, ax
        mov ah, [bp-11]
        and ah, 0Fh
        xor al, al
        out dx, ax
        mov ax, 0F01h
        out dx, ax
        pop dx
.fill_rows:
        mov cx, [bp-2]
.fill_row:
        mov al, bl
        call gfx_fill_row
        call .step
        loop .fill_row
        cmp byte [bp-12], MODEL_PLANAR
        jne .done
        call gc_restore
.done:
        pop ds
        pop es
        pop di
        mov sp, bp
        pop bp
        ret
.step:
        test byte [bp-8], 1
        jnz .step_down
        inc bl
        inc bh
        ret
.step_down:
        dec bl
        dec bh
        ret

; AX = pixel line -> DI = the offset of the scroll window's left edge on it (gfx_scroll's locals at BP). Keeps all
; other registers but AX.
gfx_row_offset:
        push dx
        push ax
        cmp byte [bp-12], MODEL_PLANAR
        je .planar
        ja .linear
        shr ax, 1
        mov dx, 80
        mul dx
        mov di, ax
        pop ax
        test al, 1
        jz .even
        add di, 2000h
.even:
        mov ax, [bp-10]
        cmp byte [bp-12], MODEL_CGA4
        jne .add_column
        shl ax, 1
        jmp .add_column
.planar:
        mul word [bp-16]
        add ax, [bp-14]
        mov di, ax
        pop ax
        mov ax, [bp-10]
        jmp .add_column
.linear:
        mov dx, 320
        mul dx
        mov di, ax
        pop ax
        mov ax, [bp-10]
        shl ax, 1
        shl ax, 1
        shl ax, 1
.add_column:
        add di, ax
        pop dx
        ret

; Copies character row AH onto row AL, every pixel line of it (gfx_scroll's locals at BP; DS = ES = video memory).
gfx_copy_row:
        push bx
        push si
        mov bx, ax
        mov cx, [bp-4]
.line:
        push cx
        mov al, bh
        mul byte [bp-4]
        add ax, [bp-4]
        sub ax, cx
        call gfx_row_offset
        mov si, di
        mov al, bl
        mul byte [bp-4]
        add ax, [bp-4]
        sub ax, cx
        call gfx_row_offset
        mov cx, [bp-6]
        rep movsb
        pop cx
        loop .line
        pop si
        pop bx
        ret

; Fills character row AL with the fill colour (gfx_scroll's locals at BP; ES = video memory). In planar modes
; set/reset already holds the colour, so any byte written gives it.
gfx_fill_row:
        push bx
        push cx
        mov bl, al
        mov al, [bp-11]
        mov ah, [bp-12]
        cmp ah, MODEL_CGA4
        jne .cga2
        and al, 3
        mov ah, 55h                     ; the 2-bit colour in all four pixels of the byte
        mul ah
        jmp .fill
.cga2:
        cmp ah, MODEL_CGA2
        jne .fill
        and al, 1
        neg al                          ; 1 -> FFh
.fill:
        mov bh, al
        mov cx, [bp-4]
.line:
        push cx
        mov al, bl
        mul byte [bp-4]
        add ax, [bp-4]
        sub ax, cx
        call gfx_row_offset
        mov al, bh
        mov cx, [bp-6]
        rep stosb
        pop cx
        loop .line
        pop cx
        pop bx
        ret

; AH=09h/0Ah in a graphics mode: AL = character, BL = colour (bit 7: XOR), CX = count, drawn from the cursor of
; page BH rightwards; the cursor does not move.
gfx_write_chars:
        push bx
        push cx
        push dx
        push bx
        mov bl, bh
        xor bh, bh
        shl bx, 1
        mov dx, [bda_cursor_pos + bx]
        pop bx
        jcxz .done
.next:
        call gfx_draw_char
        inc dl
        loop .next
.done:
        pop dx
        pop cx
        pop bx
        ret

; AH=08h in a graphics mode: BH = page -> AL = the character at that page's cursor, AH = 0; AL = 0 when no glyph
; matches. As IBM's BIOS does (RBIL INT 10h AH=08h: graphics modes recognise the character by its dots), the cell is
; read back as one byte per line with a 1 for every pixel that is not colour 0 (the background the character
; functions draw) and compared with each glyph of the font INT 43h points at, bda_char_height bytes each (at most
; 32). Planar modes read through read mode 1 (colour compare 0, all planes): a 1 there is a pixel of colour 0.
; Keeps every register but AX. Locals: the pattern (32 bytes), page offset, column, first line, layout.
gfx_read_char:
        push bx
        push cx
        push dx
        push si
        push di
        push bp
        push ds
        push es
        mov bp, sp
        sub sp, 40
        call mode_entry
        mov al, [cs:si + VM_MODEL]
        mov [bp-39], al
        mov es, [cs:si + VM_SEGMENT]
        mov al, bh
        xor ah, ah
        mul word [bda_video_page_size]
        mov [bp-34], ax
        mov bl, bh
        xor bh, bh
        shl bx, 1
        mov dx, [bda_cursor_pos + bx]
        mov al, dl
        xor ah, ah
        mov [bp-36], ax
        mov al, dh
        mul byte [bda_char_height]
        mov [bp-38], ax
        cmp byte [bp-39], MODEL_PLANAR
        jne .lines
        mov dx, VGA_GC
        mov ax, 0805h                   ; read mode 1
        out dx, ax
        mov ax, 0002h                   ; colour compare: 0
        out dx, ax
        mov ax, 0F07h                   ; colour don't care: every plane counts
        out dx, ax
.lines:
        xor si, si                      ; line within the cell
.line:
        mov ax, [bp-38]
        add ax, si
        mov cl, [bp-39]
        cmp cl, MODEL_PLANAR
        je .planar
        ja .linear
        call cga_line_offset
        add di, [bp-36]
        cmp cl, MODEL_CGA4
        je .cga4
        mov al, [es:di]
        jmp .store
.cga4:
        add di, [bp-36]                 ; two bytes per cell: the left four pixels in the first
        mov dx, [es:di]
        xchg dl, dh
        mov ch, 8
.cga4_pixel:
        shl al, 1
        test dh, 0C0h
        jz .cga4_next
        or al, 1
.cga4_next:
        shl dx, 1
        shl dx, 1
        dec ch
        jnz .cga4_pixel
        jmp .store
.planar:
        mul word [bda_video_cols]
        add ax, [bp-36]
        add ax, [bp-34]
        mov di, ax
        mov al, [es:di]
        not al
        jmp .store
.linear:
        mov dx, 320
        mul dx
        mov di, [bp-36]
        mov cl, 3
        shl di, cl
        add di, ax
        mov ch, 8
.linear_pixel:
        shl al, 1
        cmp byte [es:di], 0
        je .linear_next
        or al, 1
.linear_next:
        inc di
        dec ch
        jnz .linear_pixel
.store:
        mov [bp+si-32], al
        inc si
        cmp si, [bda_char_height]
        jae .compare
        cmp si, 32
        jb .line
.compare:
        cmp byte [bp-39], MODEL_PLANAR
        jne .search
        call gc_restore
.search:
        mov bx, si                      ; bytes per glyph
        xor ax, ax
        mov ds, ax
        les di, [43h * 4]
        push ss
        pop ds
        xor dx, dx                      ; DL = the code tried
.glyph:
        lea si, [bp-32]
        mov cx, bx
        push di
        repe cmpsb
        pop di
        je .found
        add di, bx
        inc dl
        jnz .glyph                      ; after FFh DL is 0 again: no glyph matched
.found:
        mov al, dl
        xor ah, ah
        mov sp, bp
        pop es
        pop ds
        pop bp
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        ret

; AH=0Bh: BH=00h sets the background/border colour BL (IRGB; bit 4 selects the intensified foreground palette in
; the 320x200 four-colour modes), BH=01h the 320x200 palette BL (0 green/red/brown, 1 cyan/magenta/white). As on the
; CGA (IBM PC/XT TR, "Color Select Register"), the BIOS keeps the colour select value at 40:66 and the VGA gets it
; through the attribute controller: palette register 0 and overscan for the background, 1-3 for the foreground;
; in mode 6 the colour is the foreground's. Text modes: the border (overscan) only.
video_set_border:
        push ax
        COLOR_SELECT_UPDATE .done
        call apply_color_select
.done:
        pop ax
        ret

; Programs the attribute controller from the colour select value at 40:66 for the current mode.
apply_color_select:
        push ax
        push bx
        push si
        call mode_entry
        mov bl, [bda_video_palette]
        mov al, bl                      ; the IRGB colour as a palette register value for the mode's DAC table
        and al, 07h
        mov ah, 10h
        cmp byte [cs:si + VM_DAC], DAC_CGA
        je .intensity
        mov ah, 38h
        cmp al, 6
        jne .intensity
        mov al, 14h                     ; the EGA table's brown
.intensity:
        test bl, 08h
        jz .converted
        or al, ah
.converted:
        mov bh, al
        mov ah, bh
        mov al, [cs:si + VM_MODEL]
        cmp al, MODEL_TEXT
        je .border
        cmp al, MODEL_CGA2
        jne .background
        mov al, 01h
        call ac_write
        jmp .done
.background:
        push ax
        mov al, 00h
        call ac_write
        pop ax
        cmp al, MODEL_CGA4
        jne .border
        mov ah, 02h                     ; foreground: 2, 4, 6 or 3, 5, 7, plus 10h when intensified
        test bl, 20h
        jz .foreground
        inc ah
.foreground:
        test bl, 10h
        jz .registers
        or ah, 10h
.registers:
        mov al, 01h
.register:
        call ac_write
        add ah, 2
        inc al
        cmp al, 3
        jbe .register
        mov ah, bh
.border:
        mov al, 11h
        call ac_write
.done:
        pop si
        pop bx
        pop ax
        ret
