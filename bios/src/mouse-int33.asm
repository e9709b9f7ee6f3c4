; INT 33h mouse driver in the system ROM (RBIL INT 33h, "MS MOUSE"): installed by POST when a mouse is configured.
; Input comes from the PS/2 mouse through this BIOS's own INT 15h AH=C2h interface (a handler set with C207h), or
; from a serial mouse read by mouse-serial.asm. State lives in the EBDA (mouse.asm).
;
; Positions are in the virtual screen of the video mode at the last reset (functions 00h/21h) or mode set (INT 10h
; AH=00h, watched by mouse-cursor.asm), as the Microsoft
; driver defines it: 640 pixels wide in every mode (320-pixel modes count each pixel twice), 200 high in CGA modes,
; 350 in 0Fh/10h, 480 in 11h/12h, 8 per text row and 8 (16 in 40 columns) per text column; text-mode positions are
; reported as multiples of the cell. The default mickey/pixel ratio is 8 mickeys per 8 pixels across, 16 down.
;
; The cursor: in text modes a software cursor, the cell under the pointer shown as (cell AND screen mask) XOR cursor
; mask (function 0Ah; default FFFFh/7700h: the attribute inverted), taken off before the pointer moves or is hidden.
; In graphics modes the 16x16 pointer of function 09h (mouse-cursor.asm). Either is drawn while the show count is 0
; and function 10h's area allows it.
;
; INT 33h runs with interrupts off, so the IRQ side (m33_event) never sees a half-made change; only function 00h
; lets them on while INT 15h AH=C2h restarts the PS/2 mouse, after the state is already reset.

M33_VERSION     equ 0626h               ; reported by function 24h: the Microsoft driver level these functions follow
M33_TYPE_SERIAL equ 2
M33_TYPE_PS2    equ 4

int33_handler:
        cli
        cmp ax, (m33_functions_end - m33_functions) / 2
        jae .out
        push ds
        push si
        call mouse_ds
        mov si, ax
        shl si, 1
        call [cs:m33_functions + si]
        pop si
        pop ds
.out:
        iret

m33_functions:
        dw m33_reset, m33_show, m33_hide, m33_get_position, m33_set_position, m33_press_info, m33_release_info
        dw m33_x_range, m33_y_range, m33_graphics_cursor, m33_text_cursor, m33_motion, m33_set_handler
        dw m33_nothing, m33_nothing, m33_ratio, m33_off_area, m33_nothing, m33_nothing, m33_double_speed
        dw m33_swap_handler
        dw m33_nothing, m33_nothing, m33_nothing, m33_nothing, m33_nothing, m33_set_sensitivity
        dw m33_get_sensitivity, m33_nothing, m33_set_page, m33_get_page, m33_nothing, m33_nothing
        dw m33_software_reset, m33_nothing, m33_nothing, m33_version
m33_functions_end:

m33_nothing:
        ret

; 00h: reset the driver and the mouse. AX = FFFFh (installed), BX = 2 buttons.
m33_reset:
        call m33_reset_state
        call m33_start_device
        mov ax, 0FFFFh
        mov bx, 2
        ret

; 21h: the same without touching the mouse.
m33_software_reset:
        call m33_reset_state
        mov ax, 0FFFFh
        mov bx, 2
        ret

; 01h: one step towards showing the cursor; shown at 0, never above. Ends function 10h's area.
m33_show:
        mov byte [M_AREA], AREA_NONE
        cmp word [M_SHOW], 0
        je .draw
        inc word [M_SHOW]
        jnz .done
.draw:
        call m33_draw_cursor
.done:
        ret

; 02h: hide the cursor (and count, so that as many 01h calls show it again).
m33_hide:
        call m33_erase_cursor
        dec word [M_SHOW]
        ret

; 03h: BX = buttons, CX, DX = position.
m33_get_position:
        xor bh, bh
        mov bl, [M_BUTTONS]
        call m33_position
        ret

; 04h: CX, DX = new position, kept inside the ranges.
m33_set_position:
        push cx
        push dx
        call m33_erase_cursor
        mov [M_X], cx
        mov [M_Y], dx
        call m33_clamp
        call m33_draw_cursor
        pop dx
        pop cx
        ret

; 05h / 06h: BX = button (0 left, 1 right, 2 middle). AX = buttons now, BX = presses (releases) since the last
; call, CX, DX = position at the last one.
m33_press_info:
        push di
        mov di, M_PRESS
        jmp m33_button_info
m33_release_info:
        push di
        mov di, M_RELEASE
m33_button_info:
        xor ah, ah
        mov al, [M_BUTTONS]
        cmp bx, 2
        ja .out
        shl bx, 1
        add di, bx
        shl bx, 1
        add di, bx                      ; 6 bytes per button
        xor bx, bx
        xchg bx, [di]
        mov cx, [di + 2]
        mov dx, [di + 4]
.out:
        pop di
        ret

; 07h / 08h: CX = minimum, DX = maximum (swapped if given the other way round).
m33_x_range:
        push si
        mov si, M_MIN_X
        jmp m33_range
m33_y_range:
        push si
        mov si, M_MIN_Y
m33_range:
        push cx
        push dx
        cmp cx, dx
        jle .ordered
        xchg cx, dx
.ordered:
        mov [si], cx
        mov [si + 2], dx
        call m33_erase_cursor
        call m33_clamp
        call m33_draw_cursor
        pop dx
        pop cx
        pop si
        ret

; 0Ah: BX = 0 software text cursor, CX = screen mask, DX = cursor mask, applied to the cell's character/attribute
; word (the hardware cursor, BX = 1, is not offered: the software cursor stays).
m33_text_cursor:
        test bx, bx
        jnz .done
        call m33_erase_cursor
        mov [M_SCREEN_MASK], cx
        mov [M_CURSOR_MASK], dx
        call m33_draw_cursor
.done:
        ret

; 0Bh: CX, DX = mickeys moved since the last call.
m33_motion:
        xor cx, cx
        xor dx, dx
        xchg cx, [M_MICKEY_X]
        xchg dx, [M_MICKEY_Y]
        ret

; 0Ch: CX = call mask, ES:DX = far routine called on those events (see m33_event).
m33_set_handler:
        mov [M_CALL_MASK], cx
        mov [M_CALL_HANDLER], dx
        mov [M_CALL_HANDLER + 2], es
        ret

; 14h: the same, returning the previous mask in CX and routine in ES:DX.
m33_swap_handler:
        xchg cx, [M_CALL_MASK]
        xchg dx, [M_CALL_HANDLER]
        push ax
        mov ax, es
        xchg ax, [M_CALL_HANDLER + 2]
        mov es, ax
        pop ax
        ret

; 0Fh: CX, DX = mickeys per 8 pixels across and down (0 is ignored).
m33_ratio:
        jcxz .vertical
        mov [M_RATIO_X], cx
        mov word [M_FRAC_X], 0
.vertical:
        test dx, dx
        jz .done
        mov [M_RATIO_Y], dx
        mov word [M_FRAC_Y], 0
.done:
        ret

; 13h: DX = double-speed threshold (kept, not applied).
m33_double_speed:
        mov [M_SPEED_DOUBLE], dx
        ret

; 1Ah / 1Bh: BX, CX = sensitivity across and down, DX = double-speed threshold (kept, not applied).
m33_set_sensitivity:
        mov [M_SPEED_X], bx
        mov [M_SPEED_Y], cx
        mov [M_SPEED_DOUBLE], dx
        ret
m33_get_sensitivity:
        mov bx, [M_SPEED_X]
        mov cx, [M_SPEED_Y]
        mov dx, [M_SPEED_DOUBLE]
        ret

; 1Dh / 1Eh: BX = display page of the cursor.
m33_set_page:
        call m33_erase_cursor
        mov [M_PAGE], bl
        call m33_draw_cursor
        ret
m33_get_page:
        xor bh, bh
        mov bl, [M_PAGE]
        ret

; 24h: BX = version, CH = type (2 serial, 4 PS/2), CL = IRQ (0 for PS/2).
m33_version:
        mov bx, M33_VERSION
        mov cx, M33_TYPE_PS2 << 8
        cmp byte [cs:cfg_mouse], MOUSE_PS2
        je .done
        mov cx, M33_TYPE_SERIAL << 8 | SER_IRQ_COM1
        cmp byte [cs:cfg_mouse], MOUSE_COM1
        je .done
        mov cx, M33_TYPE_SERIAL << 8 | SER_IRQ_COM2
.done:
        ret

; The driver's defaults for the current video mode (BIOS data 40:49, 40:84): cursor hidden and centred, full
; ranges, default ratios, default text and graphics cursors, no counts, no event routine. DS = EBDA. Keeps every
; register.
m33_reset_state:
        push ax
        push bx
        push cx
        push dx
        push di
        push es
        call m33_erase_cursor
        push ds
        pop es
        mov di, M_MICKEY_X
        mov cx, (M_PAGE + 2 - M_MICKEY_X) / 2
        xor ax, ax
        cld
        rep stosw
        mov word [M_RATIO_X], 8
        mov word [M_RATIO_Y], 16
        mov ax, 50
        mov [M_SPEED_X], ax
        mov [M_SPEED_Y], ax
        mov [M_SPEED_DOUBLE], ax
        mov word [M_SCREEN_MASK], 0FFFFh
        mov word [M_CURSOR_MASK], 7700h
        call gm_default_shape
        call m33_mode_state
        pop es
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; The state that follows the video mode (BIOS data 40:49, 40:84), after a reset or a mode set: cursor hidden (and
; no function 10h area) and centred, ranges the whole virtual screen. DS = EBDA. Keeps every register.
m33_mode_state:
        push ax
        push bx
        push cx
        push dx
        push es
        call m33_erase_cursor
        mov word [M_SHOW], 0FFFFh
        mov byte [M_AREA], AREA_NONE
        mov ax, BDA_SEG
        mov es, ax
        mov dl, [es:bda_video_mode]
        and dl, 7Fh
        mov bx, 0FFF8h                  ; text: 8x8 cells
        mov cx, 0FFF8h
        cmp dl, 1
        ja .text80
        mov bx, 0FFF0h                  ; 40 columns: 16 virtual pixels per column
.text80:
        cmp dl, 3
        jbe .text
        cmp dl, 7
        je .text
        mov cx, 0FFFFh
        mov bx, 0FFFEh                  ; 320-pixel modes: X counts each pixel twice
        mov ax, 199
        cmp dl, 4
        je .height
        cmp dl, 5
        je .height
        cmp dl, 0Dh
        je .height
        cmp dl, 13h
        je .height
        mov bx, 0FFFFh
        mov ax, 349
        cmp dl, 0Fh
        je .height
        cmp dl, 10h
        je .height
        mov ax, 479
        cmp dl, 11h
        je .height
        cmp dl, 12h
        je .height
        mov ax, 199
        jmp .height
.text:
        mov al, [es:bda_video_rows]
        test al, al
        jnz .rows
        mov al, 24
.rows:
        xor ah, ah
        inc ax
        mov cl, 3
        shl ax, cl
        mov cx, 0FFF8h
        dec ax
.height:
        mov [M_GRAIN_X], bx
        mov [M_GRAIN_Y], cx
        mov word [M_MIN_X], 0
        mov word [M_MAX_X], 639
        mov word [M_MIN_Y], 0
        mov [M_MAX_Y], ax
        inc ax
        shr ax, 1
        mov [M_Y], ax
        mov word [M_X], 320
        pop es
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Points the mouse at this driver: the PS/2 mouse initialised, its packets to m33_ps2_packet, reporting on; or the
; serial port programmed. DS = EBDA.
m33_start_device:
        cmp byte [cs:cfg_mouse], MOUSE_PS2
        je .ps2
        jmp serial_mouse_start
.ps2:
        push ax
        push bx
        push es
        mov ax, 0C205h
        mov bh, 3
        int 15h
        mov ax, 0C207h
        mov bx, BIOS_SEG
        mov es, bx
        mov bx, m33_ps2_packet
        int 15h
        mov ax, 0C200h
        mov bh, 1
        int 15h
        cli
        pop es
        pop bx
        pop ax
        ret

; The far routine INT 74h calls with a PS/2 packet (words on the stack: status, X, Y, 0). X and Y are 9-bit
; two's complement with the sign in the status byte (bits 4/5); Y counts up, the driver's Y down.
m33_ps2_packet:
        push bp
        mov bp, sp
        push bx
        push cx
        push dx
        push ds
        mov bl, [bp + 12]               ; status
        mov cl, [bp + 10]
        xor ch, ch
        test bl, 10h
        jz .y
        mov ch, 0FFh
.y:
        mov dl, [bp + 8]
        xor dh, dh
        test bl, 20h
        jz .event
        mov dh, 0FFh
.event:
        neg dx
        and bl, 07h
        call mouse_ds
        cli
        call m33_event
        pop ds
        pop dx
        pop cx
        pop bx
        pop bp
        retf

; A report from the mouse: CX, DX = mickeys across and down, BL = buttons (bit 0 left, 1 right, 2 middle). DS =
; EBDA, interrupts off. Moves the pointer (mickeys * 8 / ratio pixels, the remainder kept for the next report),
; counts presses and releases, and calls the routine of function 0Ch when an event in its mask happened, far, with
; AX = those events, BX = buttons, CX, DX = position, SI, DI = the mickey counts of function 0Bh, DS = EBDA; with
; interrupts on (the mouse's own IRQ stays in service until it returns).
m33_event:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push bp
        push es
        xor bp, bp                      ; events
        mov ax, cx
        or ax, dx
        jz .buttons
        or bp, 01h
        add [M_MICKEY_X], cx
        add [M_MICKEY_Y], dx
        call m33_erase_cursor
        mov ax, cx
        mov si, M_FRAC_X
        mov di, M_RATIO_X
        call m33_scale
        add [M_X], ax
        mov ax, dx
        mov si, M_FRAC_Y
        mov di, M_RATIO_Y
        call m33_scale
        add [M_Y], ax
        call m33_clamp
        call m33_draw_cursor
.buttons:
        mov bh, [M_BUTTONS]
        mov [M_BUTTONS], bl
        xor bh, bl                      ; changed buttons
        mov si, M_PRESS
        mov ax, 02h                     ; this button's "pressed" event bit; "released" is the next one
        mov cl, 01h                     ; this button's bit
.button:
        test bh, cl
        jz .next_button
        mov di, si
        push ax
        test bl, cl
        jnz .count
        add di, M_RELEASE - M_PRESS
        shl ax, 1
.count:
        or bp, ax
        pop ax
        inc word [di]
        push cx
        push dx
        call m33_position
        mov [di + 2], cx
        mov [di + 4], dx
        pop dx
        pop cx
.next_button:
        add si, 6
        shl ax, 1
        shl ax, 1
        shl cl, 1
        cmp cl, 08h
        jb .button
        and bp, [M_CALL_MASK]
        jz .done
        mov ax, [M_CALL_HANDLER]
        or ax, [M_CALL_HANDLER + 2]
        jz .done
        mov ax, bp
        xor bh, bh
        mov bl, [M_BUTTONS]
        call m33_position
        mov si, [M_MICKEY_X]
        mov di, [M_MICKEY_Y]
        push ds
        sti
        call far [M_CALL_HANDLER]
        cli
        pop ds
.done:
        pop es
        pop bp
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; AX = mickeys; [SI] = fraction, [DI] = mickeys per 8 pixels. Returns AX = pixels. Keeps CX, DX.
m33_scale:
        push cx
        push dx
        mov cl, 3
        shl ax, cl
        add ax, [si]
        cwd
        idiv word [di]
        mov [si], dx
        pop dx
        pop cx
        ret

; Keeps M_X/M_Y inside the ranges (signed).
m33_clamp:
        push ax
        mov ax, [M_X]
        cmp ax, [M_MIN_X]
        jge .x_low
        mov ax, [M_MIN_X]
.x_low:
        cmp ax, [M_MAX_X]
        jle .x_high
        mov ax, [M_MAX_X]
.x_high:
        mov [M_X], ax
        mov ax, [M_Y]
        cmp ax, [M_MIN_Y]
        jge .y_low
        mov ax, [M_MIN_Y]
.y_low:
        cmp ax, [M_MAX_Y]
        jle .y_high
        mov ax, [M_MAX_Y]
.y_high:
        mov [M_Y], ax
        pop ax
        ret

; CX, DX = the position as reported: rounded down to the mode's cell (text) or pixel (320-pixel modes).
m33_position:
        mov cx, [M_X]
        and cx, [M_GRAIN_X]
        mov dx, [M_Y]
        and dx, [M_GRAIN_Y]
        ret

; Draws the cursor if it is shown, not drawn, not being drawn (M_BUSY: mouse-cursor.asm) and function 10h's area
; allows it: the text cursor in text modes, the graphics pointer in the graphics modes. DS = EBDA, interrupts off.
m33_draw_cursor:
        cmp word [M_SHOW], 0
        jl .out
        cmp byte [M_CUR_DRAWN], 0
        jne .out
        cmp byte [M_BUSY], 0
        jne .out
        mov byte [M_BUSY], 1
        push ax
        push es
        mov ax, BDA_SEG
        mov es, ax
        mov al, [es:bda_video_mode]
        pop es
        and al, 7Fh
        cmp al, 3
        jbe .text
        cmp al, 7
        je .text
        call gm_draw
        jmp .done
.text:
        call m33_draw_text
.done:
        pop ax
        mov byte [M_BUSY], 0
.out:
        ret

; The text cursor, if the pointer is on the screen and not in function 10h's area.
m33_draw_text:
        push ax
        push bx
        push cx
        push dx
        push di
        push es
        mov ax, BDA_SEG
        mov es, ax
        mov bx, 0B800h
        mov al, [es:bda_video_mode]
        and al, 7Fh
        cmp al, 7
        jne .colour
        mov bx, 0B000h
        jmp .cell
.colour:
        cmp al, 3
        ja .done
.cell:
        push bx
        push cx
        push dx
        call m33_position               ; the hot spot, as a point
        mov ax, cx
        mov bx, cx
        mov cx, dx
        call m33_area_check
        pop dx
        pop cx
        pop bx
        jc .done
        mov cl, [es:bda_video_cols]
        xor ch, ch
        jcxz .done
        mov ax, 640
        xor dx, dx
        div cx                          ; virtual pixels per column
        mov di, ax
        mov ax, [M_X]
        test ax, ax
        js .done
        xor dx, dx
        div di
        cmp ax, cx
        jae .done
        mov di, ax                      ; column
        mov ax, [M_Y]
        test ax, ax
        js .done
        shr ax, 1
        shr ax, 1
        shr ax, 1                       ; row
        mov dl, [es:bda_video_rows]
        test dl, dl
        jnz .rows
        mov dl, 24
.rows:
        cmp al, dl
        ja .done
        mul cx
        add di, ax
        shl di, 1
        mov al, [M_PAGE]
        xor ah, ah
        mul word [es:bda_video_page_size]
        add di, ax
        mov es, bx
        mov ax, [es:di]
        mov [M_CUR_SAVED], ax
        and ax, [M_SCREEN_MASK]
        xor ax, [M_CURSOR_MASK]
        mov [es:di], ax
        mov [M_CUR_IMAGE], ax
        mov [M_CUR_SEG], es
        mov [M_CUR_OFF], di
        mov byte [M_CUR_DRAWN], 1
.done:
        pop es
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Takes the cursor off (unless M_BUSY: see mouse-cursor.asm): the graphics pointer's bytes put back, or the text
; cell gets back what it held, unless a program has written to it since. DS = EBDA, interrupts off.
m33_erase_cursor:
        cmp byte [M_CUR_DRAWN], 0
        je .out
        cmp byte [M_BUSY], 0
        jne .out
        mov byte [M_BUSY], 1
        cmp byte [M_CUR_DRAWN], 2
        jne .text
        call gm_erase
        jmp .erased
.text:
        push ax
        push di
        push es
        mov byte [M_CUR_DRAWN], 0
        mov es, [M_CUR_SEG]
        mov di, [M_CUR_OFF]
        mov ax, [es:di]
        cmp ax, [M_CUR_IMAGE]
        jne .done
        mov ax, [M_CUR_SAVED]
        mov [es:di], ax
.done:
        pop es
        pop di
        pop ax
.erased:
        mov byte [M_BUSY], 0
.out:
        ret
