; INT 09h (IRQ 1): keyboard scancodes into the BIOS keyboard buffer at 40:1E and the shift states at 40:17/40:18/
; 40:96 (IBM PC/XT and PC/AT TR, keyboard BIOS; RBIL INT 09h, MEMORY.LST 40:17). XT: the 8255 port A holds the code
; and pulsing port B bit 7 acknowledges it. AT: the 8042 output buffer holds it (already translated to set 1) and
; INT 15h AH=4Fh may consume or replace it first.

PAUSE_STARTED   equ 1
PRINT_SCREEN    equ 2

int09_handler:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push ds
        push es
        cld
        mov ax, BDA_SEG
        mov ds, ax
        xor bl, bl
        in al, KBD_DATA
        cmp byte [cs:cfg_machine], MACHINE_AT
        je .at
        mov ah, al
        in al, PPI_PORTB
        or al, 80h
        out PPI_PORTB, al
        and al, 7Fh
        out PPI_PORTB, al
        mov al, ah
        jmp .process
.at:
        mov ah, 4Fh
        stc
        int 15h
        jnc .eoi
.process:
        call kbd_process
.eoi:
        cli
        mov al, PIC_EOI
        out PIC1_CMD, al
        cmp bl, PAUSE_STARTED
        jne .print_screen
        ; Pause: spin with interrupts on until the next key press clears the flag (it is consumed).
.paused:
        sti
        hlt
        test byte [bda_kb_flags1], KF1_PAUSE
        jnz .paused
        jmp .out
.print_screen:
        cmp bl, PRINT_SCREEN
        jne .out
        sti
        int 05h
.out:
        pop es
        pop ds
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        iret

; AL = scancode. DS = BIOS data. Returns BL = PAUSE_STARTED or PRINT_SCREEN when the handler has more to do after
; the EOI, else 0.
kbd_process:
        cmp al, 0E0h
        jne .not_e0
        or byte [bda_kb_flags3], KF3_E0
        ret
.not_e0:
        cmp al, 0E1h
        jne .not_e1
        or byte [bda_kb_flags3], KF3_E1
        ret
.not_e1:
        cmp al, 0FAh                    ; keyboard acknowledge (40:97 bit 4)
        jne .not_ack
        or byte [bda_kb_flags2], 10h
        ret
.not_ack:
        cmp al, 0FEh                    ; keyboard asks for a resend (40:97 bit 5)
        jne .not_resend
        or byte [bda_kb_flags2], 20h
        ret
.not_resend:
        cmp al, 0FFh                    ; keyboard buffer overrun
        je .ignore
        test al, al
        jz .ignore
        mov bh, [bda_kb_flags3]
        and byte [bda_kb_flags3], ~(KF3_E0 | KF3_E1)
        test bh, KF3_E1
        jz .code
        ; Pause on an enhanced keyboard: E1 1D 45 on press, E1 9D C5 on release.
        mov ah, al
        and ah, 7Fh
        cmp ah, 1Dh
        jne .pause_second
        or byte [bda_kb_flags3], KF3_E1
        ret
.pause_second:
        cmp al, 45h
        je .pause
.ignore:
        ret
.code:
        mov ah, al
        and al, 7Fh
        test bh, KF3_E0
        jz .modifiers
        cmp al, 2Ah                     ; E0 2A / E0 36: shifts the keyboard fakes around gray keys
        je .ignore
        cmp al, 36h
        je .ignore
.modifiers:
        cmp al, 1Dh
        je .ctrl
        cmp al, 38h
        je .alt
        cmp al, 2Ah
        je .left_shift
        cmp al, 36h
        je .right_shift
        cmp al, 3Ah
        je .caps
        cmp al, 45h
        je .num
        cmp al, 46h
        je .scroll
        cmp al, 52h
        je .insert
.key:
        test ah, 80h
        jnz .ignore
        test byte [bda_kb_flags1], KF1_PAUSE
        jz .not_paused
        and byte [bda_kb_flags1], ~KF1_PAUSE
        ret
.not_paused:
        mov dl, [bda_kb_flags0]
        cmp al, 53h                     ; Ctrl-Alt-Del: warm boot (IBM: 40:72 = 1234h skips the memory test)
        jne .not_reboot
        mov dh, dl
        and dh, KF_CTRL | KF_ALT
        cmp dh, KF_CTRL | KF_ALT
        jne .not_reboot
        mov word [bda_reset_flag], 1234h
        jmp BIOS_SEG:reset_entry
.not_reboot:
        cmp al, 37h
        jne .translate
        test bh, KF3_E0
        jnz .print
        test dl, KF_CTRL | KF_ALT
        jnz .translate
        test dl, KF_LSHIFT | KF_RSHIFT
        jz .translate
.print:
        mov bl, PRINT_SCREEN
        ret

.ctrl:
        mov cx, KF3_RCTRL << 8 | KF1_LCTRL
        mov dl, KF_CTRL
        jmp side_modifier
.alt:
        mov cx, KF3_RALT << 8 | KF1_LALT
        mov dl, KF_ALT
        call side_modifier
        test ah, 80h
        jz .ignore
        ; Releasing Alt ends an Alt + keypad number: the byte typed goes into the buffer with scancode 0.
        xor ax, ax
        xchg al, [bda_alt_keypad]
        test al, al
        jz .ignore
        jmp kbd_store
.left_shift:
        mov dl, KF_LSHIFT
        jmp .shift
.right_shift:
        mov dl, KF_RSHIFT
.shift:
        test ah, 80h
        jnz .shift_up
        or [bda_kb_flags0], dl
        ret
.shift_up:
        not dl
        and [bda_kb_flags0], dl
        ret
.caps:
        mov dl, KF_CAPS
        jmp toggle_key
.num:
        test bh, KF3_E0
        jnz .ignore
        test byte [bda_kb_flags0], KF_CTRL
        jz .num_lock
        test ah, 80h                    ; Ctrl-Num Lock is Pause on the 83/84-key keyboard
        jnz .ignore
.pause:
        or byte [bda_kb_flags1], KF1_PAUSE
        mov bl, PAUSE_STARTED
        ret
.num_lock:
        mov dl, KF_NUM
        jmp toggle_key
.scroll:
        test byte [bda_kb_flags0], KF_CTRL
        jz .scroll_lock
        test ah, 80h
        jnz .ignore
        ; Ctrl-Break (RBIL INT 1Bh): empty the buffer, set 40:71 bit 7, call INT 1Bh, then queue a 0000h key.
        mov ax, [bda_kb_start]
        mov [bda_kb_head], ax
        mov [bda_kb_tail], ax
        mov byte [bda_break_flag], 80h
        int 1Bh
        xor ax, ax
        jmp kbd_store
.scroll_lock:
        test bh, KF3_E0
        jnz .ignore
        mov dl, KF_SCROLL
        jmp toggle_key
.insert:
        ; Insert toggles 40:17 bit 7 when the key means Insert: the gray key, or keypad 0 with Num Lock off (or
        ; on with Shift). 40:18 bit 7 marks it held so typematic repeats do not toggle again.
        test bh, KF3_E0
        jnz .insert_key
        mov dl, [bda_kb_flags0]
        test dl, KF_ALT | KF_CTRL
        jnz .key
        mov dh, dl
        and dh, KF_LSHIFT | KF_RSHIFT
        jz .insert_shift
        mov dh, KF_NUM
.insert_shift:
        xor dh, dl
        test dh, KF_NUM
        jnz .key
.insert_key:
        test ah, 80h
        jnz .insert_up
        test byte [bda_kb_flags1], KF_INSERT
        jnz .ignore
        or byte [bda_kb_flags1], KF_INSERT
        xor byte [bda_kb_flags0], KF_INSERT
        jmp .key
.insert_up:
        and byte [bda_kb_flags1], ~KF_INSERT
        ret

.translate:
        cmp al, KEY_LAST
        ja .ignore
        test bh, KF3_E0
        jnz gray_key
        test dl, KF_ALT
        jnz .alt_key
        mov cl, 2                       ; Ctrl column
        test dl, KF_CTRL
        jnz .lookup
        mov dh, dl
        and dh, KF_LSHIFT | KF_RSHIFT
        cmp al, 47h
        jb .not_keypad
        cmp al, 53h
        ja .not_keypad
        mov cl, 0                       ; keypad: digits when Num Lock xor Shift
        test dh, dh
        jz .keypad_num
        xor cl, 1
.keypad_num:
        test dl, KF_NUM
        jz .lookup
        xor cl, 1
        jmp .lookup
.not_keypad:
        mov cl, 0
        test dh, dh
        jz .caps_check
        mov cl, 1
.caps_check:
        test dl, KF_CAPS                ; Caps Lock inverts Shift for letters only
        jz .lookup
        call key_word_normal
        cmp bl, 'a'
        jb .lookup
        cmp bl, 'z'
        ja .lookup
        xor cl, 1
        jmp .lookup
.alt_key:
        cmp al, 47h
        jb .alt_column
        cmp al, 53h
        ja .alt_column
        mov bl, al
        sub bl, 47h
        xor bh, bh
        mov bl, [cs:keypad_digits + bx]
        cmp bl, 0FFh
        je .alt_column
        mov al, [bda_alt_keypad]
        mov ah, 10
        mul ah
        add al, bl
        mov [bda_alt_keypad], al
        xor bl, bl
        ret
.alt_column:
        mov cl, 3
.lookup:
        xor bl, bl
        call key_word
        test ax, ax
        jz .done
        call kbd_store
.done:
        xor bl, bl
        ret

; AL = key (01h-58h), CL = column (0 normal, 1 shift, 2 ctrl, 3 alt) -> AX = key_table word. Preserves CX.
key_word:
        push bx
        mov bl, al
        dec bl
        xor bh, bh
        shl bx, 1
        shl bx, 1
        add bl, cl
        adc bh, 0
        shl bx, 1
        mov ax, [cs:key_table + bx]
        pop bx
        ret

; AL = key -> BL = the character it gives without modifiers. Preserves AX.
key_word_normal:
        push ax
        push cx
        xor cl, cl
        call key_word
        mov bl, al
        pop cx
        pop ax
        ret

; E0-prefixed keys of the enhanced keyboard: keypad Enter and /, and the gray cursor block. They enter the buffer
; with E0h as scancode (Enter, /) or as character, so INT 16h AH=00h can fold them back onto the keypad keys and
; AH=10h can tell them apart (RBIL INT 16h AH=10h).
gray_key:
        cmp al, 1Ch
        jne .not_enter
        mov ax, 0E00Dh
        test dl, KF_ALT
        jz .enter_ctrl
        mov ax, 0A6F0h
        jmp .store
.enter_ctrl:
        test dl, KF_CTRL
        jz .store
        mov al, 0Ah
        jmp .store
.not_enter:
        cmp al, 35h
        jne .not_slash
        mov ax, 0E02Fh
        test dl, KF_ALT
        jz .slash_ctrl
        mov ax, 0A4F0h
        jmp .store
.slash_ctrl:
        test dl, KF_CTRL
        jz .store
        mov ax, 95F0h
        jmp .store
.not_slash:
        cmp al, 47h
        jb .none
        cmp al, 53h
        ja .none
        test dl, KF_ALT
        jz .not_alt
        mov ah, al
        add ah, 50h                     ; Alt + gray Home..Del = 97h..A3h
        mov al, KEY_EXTENDED
        jmp .store
.not_alt:
        mov cl, 0
        test dl, KF_CTRL
        jz .cursor_key
        mov cl, 2
.cursor_key:
        call key_word
        mov al, 0E0h
.store:
        call kbd_store
.none:
        xor bl, bl
        ret

; Toggle keys (Caps, Num, Scroll Lock): DL = the bit in 40:17; the same bit in 40:18 says the key is held.
toggle_key:
        test ah, 80h
        jnz .up
        test [bda_kb_flags1], dl
        jnz .done
        or [bda_kb_flags1], dl
        xor [bda_kb_flags0], dl
.done:
        xor bl, bl
        ret
.up:
        not dl
        and [bda_kb_flags1], dl
        xor bl, bl
        ret

; Ctrl and Alt exist left (40:18) and right (40:96, E0-prefixed); 40:17 has their union. CL = left bit, CH = right
; bit, DL = union bit, BH bit KF3_E0 = right key, AH bit 7 = release.
side_modifier:
        mov si, bda_kb_flags1
        mov dh, cl
        test bh, KF3_E0
        jz .set
        mov si, bda_kb_flags3
        mov dh, ch
.set:
        test ah, 80h
        jnz .up
        or [si], dh
        jmp .union
.up:
        not dh
        and [si], dh
.union:
        mov dh, dl
        not dh
        and [bda_kb_flags0], dh
        test [bda_kb_flags1], cl
        jnz .on
        test [bda_kb_flags3], ch
        jz .done
.on:
        or [bda_kb_flags0], dl
.done:
        xor bl, bl
        ret

; AX = key word -> appended to the keyboard buffer; CF=1 (and the key dropped) when it is full.
kbd_store:
        push bx
        push si
        mov bx, [bda_kb_tail]
        mov si, bx
        add si, 2
        cmp si, [bda_kb_end]
        jb .no_wrap
        mov si, [bda_kb_start]
.no_wrap:
        cmp si, [bda_kb_head]
        je .full
        mov [bx], ax
        mov [bda_kb_tail], si
        pop si
        pop bx
        clc
        ret
.full:
        pop si
        pop bx
        stc
        ret
