; CGA INT 10h services that work on character cells (IBM PC/XT TR, "VIDEO_IO"; RBIL INT 10h AH=06h-0Ah, 0Eh, 13h):
; in the text modes on the character/attribute words at B8000h, one page after another; in the graphics modes they
; hand over to video-cga-graphics.asm. DS = BIOS data in every function (cga_int10).

; BH = page, DX = row/column -> ES:DI = that cell in a text mode. Keeps the other registers.
cga_text_cell:
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
        mov ax, CGA_SEG
        mov es, ax
        pop dx
        pop ax
        ret

; AH=06h/07h: scroll the window CH,CL-DH,DL up/down by AL lines (0 = clear it), filling with BH: an attribute in the
; text modes (the active page), a byte of pixels in the graphics modes.
cga_scroll_up:
        xor si, si
        jmp cga_scroll
cga_scroll_down:
        mov si, 1
cga_scroll:
        push ax
        push bx
        push cx
        push dx
        mov bl, [bda_video_page]
        call cga_scroll_window
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AL = lines, BH = fill, BL = page (text), CX = top-left, DX = bottom-right, SI = 0 up / 1 down. A window reaching
; past the screen is cut at its edge; one with its corners the wrong way round does nothing. Clobbers AX-DX and SI.
cga_scroll_window:
        cmp dh, CGA_ROWS - 1
        jbe .rows
        mov dh, CGA_ROWS - 1
.rows:
        mov ah, [bda_video_cols]
        dec ah
        cmp dl, ah
        jbe .columns
        mov dl, ah
.columns:
        cmp ch, dh
        ja .done
        cmp cl, dl
        ja .done
        cmp byte [bda_video_mode], 4
        jb cga_text_scroll
        jmp cga_gfx_scroll
.done:
        ret

; The text part of cga_scroll_window, with the window checked. Locals: width, fill word, row stride, height, lines.
cga_text_scroll:
        push bp
        mov bp, sp
        sub sp, 8                       ; [bp-2] width, [bp-4] fill, [bp-6] stride, [bp-7] height, [bp-8] lines
        push di
        push es
        push ds
        mov [bp-8], al
        mov ah, bh
        mov al, ' '
        mov [bp-4], ax
        TEXT_SCROLL cga_text_cell
        pop ds
        pop es
        pop di
        mov sp, bp
        pop bp
        ret

; AH=08h: BH = page -> AL = character, AH = attribute at its cursor (graphics: the character recognised by its dots).
cga_read_char:
        cmp byte [bda_video_mode], 4
        jb .text
        jmp cga_gfx_read_char
.text:
        push dx
        push di
        push es
        call cga_cursor_of
        call cga_text_cell
        mov ax, [es:di]
        pop es
        pop di
        pop dx
        ret

; AH=09h: AL = character, BL = attribute (graphics: colour, bit 7 XOR), CX = count, from the cursor of page BH
; rightwards; the cursor does not move.
cga_write_char_attr:
        cmp byte [bda_video_mode], 4
        jb .text
        jmp cga_gfx_write_chars
.text:
        push ax
        push cx
        push dx
        push di
        push es
        call cga_cursor_of
        call cga_text_cell
        mov ah, bl
        rep stosw
        pop es
        pop di
        pop dx
        pop cx
        pop ax
        ret

; AH=0Ah: as 09h, but in the text modes the cells keep their attributes.
cga_write_char:
        cmp byte [bda_video_mode], 4
        jb .text
        jmp cga_gfx_write_chars
.text:
        push cx
        push dx
        push di
        push es
        call cga_cursor_of
        call cga_text_cell
        jcxz .done
.next:
        stosb
        inc di
        loop .next
.done:
        pop es
        pop di
        pop dx
        pop cx
        ret

; AH=0Eh: teletype AL on the active page (graphics: in colour BL); text cells keep their attributes.
cga_teletype:
        push bx
        push cx
        mov bh, [bda_video_page]
        xor cl, cl
        call cga_tty_put
        pop cx
        pop bx
        ret

; AL = character, BH = page, BL = attribute or colour, CL = 1 to store the attribute in text modes too. BEL beeps,
; BS steps back within the line, CR returns, LF goes down; other characters are written and the cursor moves on,
; wrapping at the last column; going down from the last row scrolls the page up, the new line in the attribute under
; the cursor (colour 0 in graphics), as IBM's WRITE_TTY does. Keeps every register.
cga_tty_put:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push es
        call cga_cursor_of
        cmp al, 0Dh
        je .cr
        cmp al, 0Ah
        je .lf
        cmp al, 08h
        je .bs
        cmp al, 07h
        je .bell
        cmp byte [bda_video_mode], 4
        jb .text
        call cga_gfx_draw_char
        jmp .advance
.text:
        call cga_text_cell
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
        cmp dh, CGA_ROWS - 1
        jb .down
        push bx
        push dx
        xor ah, ah
        cmp byte [bda_video_mode], 4
        jae .fill_known
        call cga_text_cell
        mov ah, [es:di + 1]
.fill_known:
        mov bl, bh
        mov bh, ah
        mov al, 1
        xor cx, cx
        mov dh, CGA_ROWS - 1
        mov dl, [bda_video_cols]
        dec dl
        xor si, si
        call cga_scroll_window
        pop dx
        pop bx
        jmp .set
.down:
        inc dh
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
        call cga_set_cursor_pos
.done:
        pop es
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH=13h: write string ES:BP, CX characters, at DX on page BH, through the teletype (BEL, BS, CR, LF act); AL bit 1:
; the string alternates characters and attributes (else BL is the attribute of all), bit 0: the cursor stays after
; the string (else it goes back to where it was).
cga_write_string:
        push ax
        push bx
        push cx
        push dx
        push si
        push dx
        call cga_cursor_of
        mov si, dx                      ; where the cursor was
        pop dx
        push si
        call cga_set_cursor_pos
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
        call cga_tty_put
        pop cx
        loop .next
.finish:
        pop dx
        test ah, 01h
        jnz .keep
        call cga_set_cursor_pos
.keep:
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; The teletype's BEL: the VGA BIOS's beep (PIT channel 2 through port 61h), shared.
%include "../vga/beep.asm"
