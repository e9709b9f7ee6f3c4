; Power-on self test: reached from the reset vector (F000:FFF0 -> F000:E05B) and from Ctrl-Alt-Del (warm boot,
; 40:72 = 1234h). Programs every chip the way the IBM PC/XT and PC/AT POST listings do, sizes memory, builds the
; interrupt vector table and the BIOS data area, sets the video mode, scans for option ROMs and boots (INT 19h).

post:
        cli
        cld
        xor ax, ax
        mov ss, ax
        mov sp, 7C00h                   ; free conventional memory below the boot sector
        mov ax, BDA_SEG
        mov ds, ax
        mov di, [bda_reset_flag]        ; 1234h: warm boot, keep memory size
        mov si, [bda_memory_kb]
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .chips
        mov al, 8Fh                     ; AT: select CMOS shutdown byte with NMI masked (IBM AT TR, port 70h bit 7)
        out CMOS_INDEX, al
.chips:
        call init_dma
        call init_pit
        call init_pic
        cmp di, 1234h
        jne .cold
        mov ax, [bda_ebda_seg]          ; warm boot: the EBDA is made again below, so count its KB back in
        test ax, ax
        jz .no_ebda
        mov es, ax
        mov al, [es:0]
        xor ah, ah
        add si, ax
.no_ebda:
        cmp si, 64
        jb .cold
        cmp si, 640
        jbe .sized
.cold:
        call size_memory
        mov si, ax
.sized:
        ; Clear the vector table, BIOS data area and DOS communication area (0000h-05FFh).
        xor ax, ax
        mov es, ax
        xor di, di
        mov cx, 0300h
        rep stosw
        call init_vectors
        mov ax, BDA_SEG
        mov ds, ax
        mov [bda_memory_kb], si
        call init_bda
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .xt_keyboard
        call init_rtc
        call init_kbc
        mov al, 0Dh                     ; CMOS index back to register D with NMI enabled
        out CMOS_INDEX, al
        jmp .interrupts_on
.xt_keyboard:
        call init_ppi
.interrupts_on:
        sti
        ; Video first, so the messages below reach the screen: a display adapter's ROM in C0000h-C7FFFh hooks
        ; INT 10h and sets its mode (IBM PC/AT TR, POST: the EGA/VGA ROM is initialised before the other
        ; option ROMs). Without one, a CGA gets this ROM's services (video-cga.asm); with no display at all INT 10h
        ; stays at the F000:F065 stub and the messages go nowhere.
        mov dx, 0C000h
        mov bx, 0C800h
        call scan_option_roms
        call cga_post_init
        mov ax, BDA_SEG
        mov ds, ax
        mov si, msg_banner
        call print_string
        mov ax, [bda_memory_kb]
        call print_decimal
        mov si, msg_kb
        call print_string
        cmp byte [cs:cfg_fd_count], 0
        je .no_floppy
        xor ax, ax
        xor dx, dx
        int 13h
.no_floppy:
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .option_roms
        call hd_init
.option_roms:
        call mouse_init
        mov dx, 0C800h
        mov bx, 0F400h
        call scan_option_roms
        mov ax, BDA_SEG
        mov ds, ax
        mov word [bda_reset_flag], 0
        int 19h

msg_banner:     db "Realmode BIOS", 13, 10, "Memory: ", 0
msg_kb:         db " KB", 13, 10, 0

; 8237A: master clear, then the XT's DRAM refresh on channel 0 (single mode, auto-initialise, count FFFFh, paced by
; PIT channel 1; IBM PC/XT TR, "System Board" POST). The AT refreshes without DMA but cascades its second 8237A
; through channel 4 (IBM AT TR, "DMA Controller").
init_dma:
        out DMA_MASTER_CLR, al
        xor al, al
        out 08h, al                     ; command: controller enabled, normal timing
        cmp byte [cs:cfg_machine], MACHINE_AT
        je .at
        mov al, 0FFh
        out 01h, al                     ; channel 0 count FFFFh (flip-flop cleared by master clear)
        out 01h, al
        mov al, 58h                     ; channel 0: single, auto-init, read transfer
        out DMA_MODE, al
        xor al, al
        out DMA_MASK, al                ; unmask channel 0
        jmp .modes
.at:
        out 0DAh, al                    ; second controller master clear
        mov al, 0C0h                    ; channel 4: cascade mode
        out 0D6h, al
        xor al, al
        out 0D4h, al                    ; unmask channel 4
.modes:
        mov al, 41h                     ; channels 1-3: single mode, verify
.mode_loop:
        out DMA_MODE, al
        inc al
        cmp al, 44h
        jb .mode_loop
        ret

; 8253/8254: channel 0 mode 3 with count 0 (65536) gives IRQ 0 at 1193182/65536 = 18.2 Hz; channel 1 mode 2 with
; count 18 paces DRAM refresh every 15 us (IBM PC/XT TR, "8253 Timer").
init_pit:
        mov al, 36h
        out PIT_MODE, al
        xor al, al
        out PIT_CH0, al
        out PIT_CH0, al
        mov al, 54h
        out PIT_MODE, al
        mov al, 18
        out PIT_CH1, al
        ret

; 8259A: edge triggered, vector base 08h. XT: single controller, ICW4 = 09h (buffered, 8086 mode). AT: master
; with the slave on IR2 (ICW3 04h), slave vector base 70h on master input 2 (ICW3 02h) (IBM AT TR, "Interrupts").
; Unmasked: timer, keyboard, cascade, diskette; on the slave RTC and fixed disk.
init_pic:
        cmp byte [cs:cfg_machine], MACHINE_AT
        je .at
        mov al, 13h
        out PIC1_CMD, al
        mov al, 08h
        out PIC1_DATA, al
        mov al, 09h
        out PIC1_DATA, al
        mov al, 0BCh
        out PIC1_DATA, al
        ret
.at:
        mov al, 11h
        out PIC1_CMD, al
        out PIC2_CMD, al
        mov al, 08h
        out PIC1_DATA, al
        mov al, 70h
        out PIC2_DATA, al
        mov al, 04h
        out PIC1_DATA, al
        mov al, 02h
        out PIC2_DATA, al
        mov al, 01h
        out PIC1_DATA, al
        out PIC2_DATA, al
        mov al, 0B8h
        out PIC1_DATA, al
        mov al, 0BEh
        out PIC2_DATA, al
        ret

; 8255 PPI on the XT: port A input (scancodes), B output, C input (mode word 99h). Holding the keyboard clock low
; (port B bit 6 = 0) resets the keyboard, which answers AAh; then clock high with the clear bit pulsed, and enabled
; (IBM PC/XT TR, "Keyboard Interface").
init_ppi:
        mov al, 99h
        out PPI_CTRL, al
        mov al, 0Ch
        out PPI_PORTB, al
        mov cx, 2000
.hold:
        loop .hold
        mov al, 0CCh
        out PPI_PORTB, al
        mov al, 4Ch
        out PPI_PORTB, al
        ret

; 8042 on the AT: controller self test (AAh -> 55h), keyboard reset (FFh -> FAh, AAh) with the output-buffer
; interrupt off, then the command byte 65h: translate to scancode set 1, auxiliary (mouse) clock off, system flag,
; IRQ 1 on output buffer full (IBM AT TR, "Keyboard Controller"; PS/2 TR for bit 5). A PS/2 mouse still streaming
; from before a warm boot cannot put its bytes between the keyboard's answers; mouse.asm turns the port on.
init_kbc:
        call kbc_flush
        mov al, 0AAh
        call kbc_command
        call kbc_read
        mov al, 60h
        call kbc_command
        mov al, 64h
        call kbc_write
        mov al, 0FFh
        call kbc_write
        call kbc_read
        call kbc_read
        call kbc_flush
        mov al, 60h
        call kbc_command
        mov al, 65h
        call kbc_write
        ret

; MC146818: 32.768 kHz time base and 1024 Hz periodic rate (register A 26h), 24-hour BCD without interrupts
; (register B 02h); reading C clears pending flags. The tick count starts from the RTC time of day.
init_rtc:
        mov ax, 26h << 8 | RTC_REG_A
        call cmos_write
        mov al, RTC_REG_B
        call cmos_read
        and al, 01h                     ; keep daylight saving
        or al, 02h
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
        mov al, RTC_REG_C
        call cmos_read
        mov al, RTC_REG_D
        call cmos_read
        call rtc_ticks_from_time
        ret

; Sets 40:6C from the RTC time: hours * 65543 + minutes * 1092.4 + seconds * 18.2065 (1193182 / 65536 ticks per
; second).
rtc_ticks_from_time:
        push bx
        push cx
        push dx
        push si
        call rtc_wait_update
        mov al, RTC_HOUR
        call cmos_read
        call bcd_to_binary
        mov cl, al
        mov al, RTC_MIN
        call cmos_read
        call bcd_to_binary
        mov ch, al
        mov al, RTC_SEC
        call cmos_read
        call bcd_to_binary
        xor ah, ah
        mov bx, 4661                    ; 18.2065 * 256
        mul bx
        mov al, ah
        mov ah, dl
        mov si, ax                      ; seconds part
        mov al, ch
        xor ah, ah
        mov bx, 1092
        mul bx
        add si, ax
        mov al, cl
        xor ah, ah
        mov bx, 65543 & 0FFFFh
        mul bx                          ; hours * 65543 = hours * 10007h = hours * 7 + hours << 16
        add ax, si
        adc dx, 0
        mov bl, cl
        xor bh, bh
        add dx, bx
        mov [bda_ticks], ax
        mov [bda_ticks + 2], dx
        pop si
        pop dx
        pop cx
        pop bx
        ret

; Memory sizing: 64 KB blocks while the first and last KB of the next block hold a written pattern, then 1 KB steps
; up to the first KB that does not, at most 640 KB. The first 64 KB are taken as present (the stack lives there).
; Returns AX = KB.
size_memory:
        mov bx, 64
.block:
        cmp bx, 640
        jae .done
        mov ax, bx
        call probe_kb
        jc .fine
        mov ax, bx
        add ax, 63
        call probe_kb
        jc .fine
        add bx, 64
        jmp .block
.fine:
        cmp bx, 640
        jae .done
        mov ax, bx
        call probe_kb
        jc .done
        inc bx
        jmp .fine
.done:
        mov ax, bx
        ret

; CF=1 when the word at KB number AX does not keep both test patterns.
probe_kb:
        push cx
        push dx
        push ds
        mov cl, 6
        shl ax, cl
        mov ds, ax
        mov dx, [0]
        mov word [0], 0AA55h
        cmp word [0], 0AA55h
        jne .absent
        mov word [0], 055AAh
        cmp word [0], 055AAh
        jne .absent
        mov [0], dx
        clc
        jmp .out
.absent:
        mov [0], dx
        stc
.out:
        pop ds
        pop dx
        pop cx
        ret

; Interrupt vector table: every vector to an IRET, hardware interrupts to handlers that acknowledge the PIC, then
; the BIOS's own handlers and table pointers from vector_table (pairs of vector number and offset in F000h).
init_vectors:
        push si
        xor ax, ax
        mov es, ax
        xor di, di
        mov cx, 256
.dummy:
        mov ax, dummy_iret
        stosw
        mov ax, BIOS_SEG
        stosw
        loop .dummy
        ; INT 1Fh and INT 43h are font pointers, not handlers: null until a video ROM sets them (IBM PC/XT TR,
        ; "INT 1FH ... initialized to 0").
        xor ax, ax
        mov [es:1Fh * 4], ax
        mov [es:1Fh * 4 + 2], ax
        mov [es:43h * 4], ax
        mov [es:43h * 4 + 2], ax
        mov si, vector_table
        call .apply
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .done
        mov si, vector_table_at
        call .apply
.done:
        pop si
        ret
.apply:
        cs lodsw
        cmp ax, 0FFFFh
        je .applied
        mov di, ax
        shl di, 1
        shl di, 1
        cs lodsw
        stosw
        mov ax, BIOS_SEG
        stosw
        jmp .apply
.applied:
        ret

vector_table:
        dw 02h, nmi_entry
        dw 05h, int05_entry
        dw 08h, int08_entry
        dw 09h, int09_entry
        dw 0Ah, irq_unexpected
        dw 0Bh, irq_unexpected
        dw 0Ch, irq_unexpected
        dw 0Dh, irq_unexpected
        dw 0Eh, int0e_entry
        dw 0Fh, irq_unexpected
        dw 10h, int10_entry
        dw 11h, int11_entry
        dw 12h, int12_entry
        dw 13h, int13_entry
        dw 14h, int14_entry
        dw 15h, int15_entry
        dw 16h, int16_entry
        dw 17h, int17_entry
        dw 18h, int18_handler
        dw 19h, int19_entry
        dw 1Ah, int1a_entry
        dw 1Dh, video_param_table
        dw 1Eh, diskette_param_table
        dw 0FFFFh
vector_table_at:
        dw 40h, floppy_entry
        dw 70h, int70_handler
        dw 71h, irq_unexpected_slave
        dw 72h, irq_unexpected_slave
        dw 73h, irq_unexpected_slave
        dw 74h, irq_unexpected_slave
        dw 75h, irq_unexpected_slave
        dw 76h, int76_handler
        dw 77h, irq_unexpected_slave
        dw 0FFFFh

; BIOS data area: serial and parallel ports found by writing and reading back a register, the equipment word, the
; keyboard buffer and the timeouts.
init_bda:
        push si
        ; 8250/16550 line control register keeps what is written to it; an empty ISA address reads FFh.
        mov si, serial_candidates
        mov di, bda_com_ports
        xor bx, bx                      ; bl = serial ports, bh = printers
.serial:
        mov dx, [cs:si]
        test dx, dx
        jz .serial_done
        add si, 2
        add dx, 3
        mov al, 1Ah
        out dx, al
        io_delay
        in al, dx
        cmp al, 1Ah
        jne .serial
        mov al, 03h
        out dx, al
        sub dx, 3
        mov [di], dx
        add di, 2
        mov byte [bda_com_timeout + bx], 1
        inc bl
        jmp .serial
.serial_done:
        mov si, parallel_candidates
        mov di, bda_lpt_ports
.parallel:
        mov dx, [cs:si]
        test dx, dx
        jz .parallel_done
        add si, 2
        mov al, 0AAh
        out dx, al
        io_delay
        in al, dx
        cmp al, 0AAh
        jne .parallel
        mov [di], dx
        add di, 2
        mov al, bh
        cbw
        xchg ax, bx
        mov byte [bda_lpt_timeout + bx], 14h
        xchg ax, bx
        inc bh
        jmp .parallel
.parallel_done:
        ; Equipment word (RBIL INT 11h): bits 15-14 printers, 11-9 serial ports, 7-6 diskettes - 1, 5-4 initial
        ; video 10b = 80x25 colour, 0 diskettes present.
        mov ax, 0020h
        mov cl, bh
        mov ch, 0
        ror cx, 1
        ror cx, 1
        or ax, cx
        mov cl, bl
        xor ch, ch
        push cx
        mov cl, 9
        pop dx
        shl dx, cl
        or ax, dx
        mov cl, [cs:cfg_fd_count]
        test cl, cl
        jz .no_floppies
        dec cl
        ror cl, 1
        ror cl, 1
        or al, cl
        or al, 01h
.no_floppies:
        mov [bda_equipment], ax
        mov ax, bda_kb_buffer
        mov [bda_kb_head], ax
        mov [bda_kb_tail], ax
        mov [bda_kb_start], ax
        add ax, 32
        mov [bda_kb_end], ax
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .done
        mov byte [bda_kb_flags3], KF3_ENHANCED
.done:
        pop si
        ret

serial_candidates:      dw 3F8h, 2F8h, 3E8h, 2E8h, 0
parallel_candidates:    dw 3BCh, 378h, 278h, 0

; Option ROMs (IBM PC/XT TR, "ROM scan"): every 2 KB from segment DX up to segment BX, a ROM begins with 55h AAh
; and a length in 512-byte blocks; its bytes must sum to 0 mod 256. Its initialisation is a far call to offset 3.
; POST scans C0000h-C7FFFh (video) early and C8000h-F3FFFh (IBM's range) after the disks are set up.
scan_option_roms:
.next:
        cmp dx, bx
        jae .done
        mov ds, dx
        cmp word [0], 0AA55h
        jne .skip
        mov cl, [2]
        xor ch, ch
        test cx, cx
        jz .skip
        push cx
        mov ax, cx
        mov cl, 9
        shl ax, cl
        mov cx, ax                      ; bytes (a 128 KB ROM would overflow; none fit below F4000h anyway)
        xor si, si
        xor ah, ah
.sum:
        lodsb
        add ah, al
        loop .sum
        pop cx
        test ah, ah
        jnz .skip
        push bx
        push dx
        push cx
        push cs
        mov ax, .returned
        push ax
        push dx
        mov ax, 3
        push ax
        retf
.returned:
        cld
        pop cx
        pop dx
        pop bx
        mov ax, cx
        add ax, 3                       ; round the length up to 2 KB (4 blocks of 512 bytes)
        and ax, 0FFFCh
        mov cl, 5
        shl ax, cl
        add dx, ax
        jmp .next
.skip:
        add dx, 80h
        jmp .next
.done:
        ret
