; CGA INT 10h services in the graphics modes (IBM PC/XT TR, "VIDEO_IO": READ_DOT, WRITE_DOT, GRAPHICS_WRITE,
; GRAPHICS_READ, GRAPHICS_UP/DOWN; RBIL INT 10h AH=06h-0Dh). Memory at B8000h holds the even pixel lines from 0 and
; the odd ones from 2000h, 80 bytes a line: four 2-bit pixels a byte in modes 4/5, eight 1-bit pixels in mode 6,
; leftmost in the high bits. A character cell is 8x8 pixels: 2 bytes a line in modes 4/5, 1 in mode 6, so
; character row r starts at r * 320 in each bank. Characters 00h-7Fh come from the 8x8 font at F000:FA6E, 80h-FFh
; from the table INT 1Fh points at. The graphics modes have one page: page numbers are ignored. DS = BIOS data in
; every function (cga_int10).

; CX = x, DX = y -> DI = the offset of the byte holding the pixel, CL = the shift of its lowest bit, CH = the mask of
; a pixel's bits (3 or 1). Keeps AX and DX.
cga_pixel_locate:
        push ax
        push dx
        mov ax, dx
        shr ax, 1
        mov dl, 80
        mul dl
        mov di, ax
        pop dx
        test dl, 1
        jz .even
        add di, 2000h
.even:
        mov ax, cx
        cmp byte [bda_video_mode], 6
        je .two_colours
        shr ax, 1
        shr ax, 1
        add di, ax
        mov al, cl
        and al, 3
        mov cl, 3
        sub cl, al
        shl cl, 1
        mov ch, 3
        jmp .done
.two_colours:
        push cx
        mov cl, 3
        shr ax, cl
        add di, ax
        pop ax
        and al, 7
        mov cl, 7
        sub cl, al
        mov ch, 1
.done:
        pop ax
        ret

; AH=0Ch: AL = colour (bit 7: XOR it into the pixel), CX = x, DX = y. Nothing in the text modes.
cga_write_pixel:
        push ax
        push cx
        push di
        push es
        cmp byte [bda_video_mode], 4
        jb .done
        call cga_pixel_locate
        push ax
        mov ax, CGA_SEG
        mov es, ax
        pop ax
        mov ah, al
        and al, ch
        shl al, cl
        shl ch, cl
        test ah, 80h
        jnz .xor
        not ch
        and [es:di], ch
        or [es:di], al
        jmp .done
.xor:
        xor [es:di], al
.done:
        pop es
        pop di
        pop cx
        pop ax
        ret

; AH=0Dh: CX = x, DX = y -> AL = the pixel's colour. Nothing in the text modes.
cga_read_pixel:
        push cx
        push di
        push es
        cmp byte [bda_video_mode], 4
        jb .done
        call cga_pixel_locate
        push ax
        mov ax, CGA_SEG
        mov es, ax
        pop ax
        mov al, [es:di]
        shr al, cl
        and al, ch
.done:
        pop es
        pop di
        pop cx
        ret

; AL = character -> DS:SI = its 8 bytes (00h-7Fh in this ROM, 80h-FFh through INT 1Fh). Keeps the other registers.
cga_glyph:
        push ax
        push cx
        xor ah, ah
        mov si, ax
        and si, 7Fh
        mov cl, 3
        shl si, cl
        test al, 80h
        jnz .high
        add si, font_8x8_fixed
        push cs
        pop ds
        jmp .done
.high:
        xor ax, ax
        mov ds, ax
        lds ax, [1Fh * 4]
        add si, ax
.done:
        pop cx
        pop ax
        ret

; DH = character row, DL = column -> DI = the cell's first byte in the even bank (row * 320 + column * bytes a
; column). Keeps the other registers; DS = BIOS data.
cga_gfx_cell:
        push ax
        push dx
        mov al, dh
        xor ah, ah
        mov di, 320
        push dx
        mul di
        pop dx
        mov di, ax
        xor dh, dh
        cmp byte [bda_video_mode], 6
        je .column
        shl dx, 1
.column:
        add di, dx
        pop dx
        pop ax
        ret

; AL = dots of one glyph line -> AX = the same with every dot doubled (bit 7 to bits 15-14): the line in 2-bit
; pixels, before the colour is applied. Keeps the other registers.
cga_double_bits:
        push cx
        push dx
        mov dl, al
        mov cx, 8
.dot:
        shl ax, 1
        shl ax, 1
        shl dl, 1
        jnc .next
        or al, 3
.next:
        loop .dot
        pop dx
        pop cx
        ret

; Draws character AL in colour BL (bit 7: XOR it in) at row DH, column DL. As IBM's GRAPHICS_WRITE: in modes 4/5
; the glyph's dots take colour BL & 3 and the rest of the cell colour 0; in mode 6 the dots are 1 whatever the colour.
; Keeps every register.
cga_gfx_draw_char:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push ds
        push es
        mov ch, [bda_video_mode]
        call cga_gfx_cell
        call cga_glyph
        mov ax, CGA_SEG
        mov es, ax
        mov al, bl
        and al, 3
        mov ah, 55h                     ; the colour in all four pixels of a byte
        mul ah
        mov ah, al
        mov dx, ax
        mov cl, 8
.line:
        lodsb
        cmp ch, 6
        je .two_colours
        call cga_double_bits
        and ax, dx
        test bl, 80h
        jnz .xor4
        mov [es:di], ah
        mov [es:di + 1], al
        jmp .next
.xor4:
        xor [es:di], ah
        xor [es:di + 1], al
        jmp .next
.two_colours:
        test bl, 80h
        jnz .xor2
        mov [es:di], al
        jmp .next
.xor2:
        xor [es:di], al
.next:
        xor di, 2000h                   ; even line -> odd bank, odd line -> the next even line
        test di, 2000h
        jnz .same_pair
        add di, 80
.same_pair:
        dec cl
        jnz .line
        pop es
        pop ds
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH=09h/0Ah in a graphics mode: AL = character, BL = colour (bit 7: XOR), CX = count, from the cursor of page BH
; rightwards; the cursor does not move.
cga_gfx_write_chars:
        push cx
        push dx
        call cga_cursor_of
        jcxz .done
.next:
        call cga_gfx_draw_char
        inc dl
        loop .next
.done:
        pop dx
        pop cx
        ret

; AH=08h in a graphics mode: BH = page -> AL = the character at its cursor, AH = 0; AL = 0 when none matches. As
; IBM's GRAPHICS_READ: the cell is read back as 8 bytes of dots, a dot set for every pixel that is not colour 0,
; and compared with the 128 glyphs at F000:FA6E, then the 128 INT 1Fh points at (when it is not null).
cga_gfx_read_char:
        push bx
        push cx
        push dx
        push si
        push di
        push bp
        push ds
        push es
        mov bp, sp
        sub sp, 8                       ; the cell's dots, line by line
        mov bl, [bda_video_mode]
        call cga_cursor_of
        call cga_gfx_cell
        mov ax, CGA_SEG
        mov es, ax
        xor si, si
.line:
        mov al, [es:di]
        cmp bl, 6
        je .store
        mov ah, al                      ; four-colour: 2 bytes, the left four pixels first
        mov al, [es:di + 1]
        mov cx, 8
.pixel:
        shl dl, 1
        test ah, 0C0h
        jz .background
        or dl, 1
.background:
        shl ax, 1
        shl ax, 1
        loop .pixel
        mov al, dl
.store:
        mov [bp + si - 8], al
        xor di, 2000h
        test di, 2000h
        jnz .same_pair
        add di, 80
.same_pair:
        inc si
        cmp si, 8
        jb .line
        push ss
        pop es
        lea di, [bp - 8]
        push cs
        pop ds
        mov si, font_8x8_fixed
        xor dx, dx                      ; DL = the code tried
.glyph:
        push si
        push di
        mov cx, 8
        repe cmpsb
        pop di
        pop si
        je .found
        add si, 8
        inc dl
        test dl, 7Fh
        jnz .glyph
        test dl, dl                     ; 80h: on to the upper half; 0: both halves tried
        jz .none
        xor ax, ax
        mov ds, ax
        lds si, [1Fh * 4]
        mov ax, ds
        or ax, si
        jnz .glyph
.none:
        xor dl, dl
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

; The graphics part of cga_scroll_window, with the window checked: AL = character rows (0 = all), BH = the byte
; written into the lines opened (as IBM's GRAPHICS_UP stores it: in modes 4/5 55h is colour 1 in every pixel),
; CX = top-left, DX = bottom-right, SI = 0 up / 1 down. Clobbers AX-DX and SI.
; Locals: bytes per window line, rows in the window, rows moved, fill byte, direction.
cga_gfx_scroll:
        push bp
        mov bp, sp
        sub sp, 6                       ; [bp-2] width, [bp-3] rows, [bp-4] lines, [bp-5] fill, [bp-6] direction
        push di
        push es
        push ds
        mov [bp-5], bh
        mov bx, si
        mov [bp-6], bl
        mov ah, dh
        sub ah, ch
        inc ah
        mov [bp-3], ah
        test al, al
        jz .all
        cmp al, ah
        jbe .lines
.all:
        mov al, ah
.lines:
        mov [bp-4], al
        mov al, dl
        sub al, cl
        inc al
        xor ah, ah
        cmp byte [bda_video_mode], 6
        je .width
        shl ax, 1
        shl cl, 1
.width:
        mov [bp-2], ax
        mov bl, cl
        xor bh, bh                      ; BX = the window's left byte in a line
        mov ax, CGA_SEG
        mov ds, ax
        mov es, ax
        mov al, ch                      ; AL = destination row, AH = its source; they step together
        mov ah, ch
        add ah, [bp-4]
        test byte [bp-6], 1
        jz .copy_count
        mov al, dh
        mov ah, dh
        sub ah, [bp-4]
.copy_count:
        mov cl, [bp-3]
        sub cl, [bp-4]
        xor ch, ch
        jcxz .fill
.copy:
        call cga_gfx_copy_row
        call .step
        loop .copy
.fill:
        mov cl, [bp-4]
.fill_row:
        call cga_gfx_fill_row
        call .step
        loop .fill_row
        pop ds
        pop es
        pop di
        mov sp, bp
        pop bp
        ret
.step:
        test byte [bp-6], 1
        jnz .step_down
        inc al
        inc ah
        ret
.step_down:
        dec al
        dec ah
        ret

; AL = character row -> DI = the window's left byte on its first line (BX = left byte). Keeps the other registers.
cga_gfx_row_offset:
        push ax
        push dx
        xor ah, ah
        mov dx, 320
        mul dx
        add ax, bx
        mov di, ax
        pop dx
        pop ax
        ret

; Copies character row AH of the window onto row AL: its 8 lines, 4 in each bank (cga_gfx_scroll's locals at BP;
; DS = ES = video memory). Keeps every register.
cga_gfx_copy_row:
        push ax
        push cx
        push dx
        push si
        push di
        push ax
        mov al, ah
        call cga_gfx_row_offset
        mov si, di
        pop ax
        call cga_gfx_row_offset
        mov dx, 8
.line:
        push si
        push di
        mov cx, [bp-2]
        rep movsb
        pop di
        pop si
        xor si, 2000h
        xor di, 2000h
        test di, 2000h
        jnz .next
        add si, 80
        add di, 80
.next:
        dec dx
        jnz .line
        pop di
        pop si
        pop dx
        pop cx
        pop ax
        ret

; Fills character row AL of the window with the fill byte (cga_gfx_scroll's locals at BP; ES = video memory).
; Keeps every register.
cga_gfx_fill_row:
        push ax
        push cx
        push dx
        push di
        call cga_gfx_row_offset
        mov al, [bp-5]
        mov dx, 8
.line:
        push di
        mov cx, [bp-2]
        rep stosb
        pop di
        xor di, 2000h
        test di, 2000h
        jnz .next
        add di, 80
.next:
        dec dx
        jnz .line
        pop di
        pop dx
        pop cx
        pop ax
        ret
