; Scancode set 1 (the codes an XT keyboard sends and an AT's 8042 translates to) to the words INT 16h returns:
; scancode in the high byte, character in the low byte, for a US layout with no modifier, Shift, Ctrl and Alt
; (RBIL INT 16h AH=00h, "keyboard scan codes" table). 0 = the combination gives no key. A low byte of F0h marks a
; key only the enhanced functions (AH=10h/11h) report; they return it with character 00h.

KEY_EXTENDED    equ 0F0h

key_table:
        ;  normal   shift    ctrl     alt
        dw 011Bh,   011Bh,   011Bh,   01F0h     ; 01 Esc
        dw 0231h,   0221h,   0,       7800h     ; 02 1
        dw 0332h,   0340h,   0300h,   7900h     ; 03 2
        dw 0433h,   0423h,   0,       7A00h     ; 04 3
        dw 0534h,   0524h,   0,       7B00h     ; 05 4
        dw 0635h,   0625h,   0,       7C00h     ; 06 5
        dw 0736h,   075Eh,   071Eh,   7D00h     ; 07 6
        dw 0837h,   0826h,   0,       7E00h     ; 08 7
        dw 0938h,   092Ah,   0,       7F00h     ; 09 8
        dw 0A39h,   0A28h,   0,       8000h     ; 0A 9
        dw 0B30h,   0B29h,   0,       8100h     ; 0B 0
        dw 0C2Dh,   0C5Fh,   0C1Fh,   8200h     ; 0C -
        dw 0D3Dh,   0D2Bh,   0,       8300h     ; 0D =
        dw 0E08h,   0E08h,   0E7Fh,   0EF0h     ; 0E Backspace
        dw 0F09h,   0F00h,   94F0h,   0A5F0h    ; 0F Tab
        dw 1071h,   1051h,   1011h,   1000h     ; 10 q
        dw 1177h,   1157h,   1117h,   1100h     ; 11 w
        dw 1265h,   1245h,   1205h,   1200h     ; 12 e
        dw 1372h,   1352h,   1312h,   1300h     ; 13 r
        dw 1474h,   1454h,   1414h,   1400h     ; 14 t
        dw 1579h,   1559h,   1519h,   1500h     ; 15 y
        dw 1675h,   1655h,   1615h,   1600h     ; 16 u
        dw 1769h,   1749h,   1709h,   1700h     ; 17 i
        dw 186Fh,   184Fh,   180Fh,   1800h     ; 18 o
        dw 1970h,   1950h,   1910h,   1900h     ; 19 p
        dw 1A5Bh,   1A7Bh,   1A1Bh,   1AF0h     ; 1A [
        dw 1B5Dh,   1B7Dh,   1B1Dh,   1BF0h     ; 1B ]
        dw 1C0Dh,   1C0Dh,   1C0Ah,   1CF0h     ; 1C Enter
        dw 0,       0,       0,       0         ; 1D Ctrl
        dw 1E61h,   1E41h,   1E01h,   1E00h     ; 1E a
        dw 1F73h,   1F53h,   1F13h,   1F00h     ; 1F s
        dw 2064h,   2044h,   2004h,   2000h     ; 20 d
        dw 2166h,   2146h,   2106h,   2100h     ; 21 f
        dw 2267h,   2247h,   2207h,   2200h     ; 22 g
        dw 2368h,   2348h,   2308h,   2300h     ; 23 h
        dw 246Ah,   244Ah,   240Ah,   2400h     ; 24 j
        dw 256Bh,   254Bh,   250Bh,   2500h     ; 25 k
        dw 266Ch,   264Ch,   260Ch,   2600h     ; 26 l
        dw 273Bh,   273Ah,   0,       27F0h     ; 27 ;
        dw 2827h,   2822h,   0,       28F0h     ; 28 '
        dw 2960h,   297Eh,   0,       29F0h     ; 29 `
        dw 0,       0,       0,       0         ; 2A left Shift
        dw 2B5Ch,   2B7Ch,   2B1Ch,   2BF0h     ; 2B backslash
        dw 2C7Ah,   2C5Ah,   2C1Ah,   2C00h     ; 2C z
        dw 2D78h,   2D58h,   2D18h,   2D00h     ; 2D x
        dw 2E63h,   2E43h,   2E03h,   2E00h     ; 2E c
        dw 2F76h,   2F56h,   2F16h,   2F00h     ; 2F v
        dw 3062h,   3042h,   3002h,   3000h     ; 30 b
        dw 316Eh,   314Eh,   310Eh,   3100h     ; 31 n
        dw 326Dh,   324Dh,   320Dh,   3200h     ; 32 m
        dw 332Ch,   333Ch,   0,       33F0h     ; 33 ,
        dw 342Eh,   343Eh,   0,       34F0h     ; 34 .
        dw 352Fh,   353Fh,   0,       35F0h     ; 35 /
        dw 0,       0,       0,       0         ; 36 right Shift
        dw 372Ah,   372Ah,   96F0h,   37F0h     ; 37 keypad *
        dw 0,       0,       0,       0         ; 38 Alt
        dw 3920h,   3920h,   3920h,   3920h     ; 39 Space
        dw 0,       0,       0,       0         ; 3A Caps Lock
        dw 3B00h,   5400h,   5E00h,   6800h     ; 3B F1
        dw 3C00h,   5500h,   5F00h,   6900h     ; 3C F2
        dw 3D00h,   5600h,   6000h,   6A00h     ; 3D F3
        dw 3E00h,   5700h,   6100h,   6B00h     ; 3E F4
        dw 3F00h,   5800h,   6200h,   6C00h     ; 3F F5
        dw 4000h,   5900h,   6300h,   6D00h     ; 40 F6
        dw 4100h,   5A00h,   6400h,   6E00h     ; 41 F7
        dw 4200h,   5B00h,   6500h,   6F00h     ; 42 F8
        dw 4300h,   5C00h,   6600h,   7000h     ; 43 F9
        dw 4400h,   5D00h,   6700h,   7100h     ; 44 F10
        dw 0,       0,       0,       0         ; 45 Num Lock
        dw 0,       0,       0,       0         ; 46 Scroll Lock
        dw 4700h,   4737h,   7700h,   0         ; 47 keypad 7 / Home
        dw 4800h,   4838h,   8DF0h,   0         ; 48 keypad 8 / Up
        dw 4900h,   4939h,   8400h,   0         ; 49 keypad 9 / PgUp
        dw 4A2Dh,   4A2Dh,   8EF0h,   4AF0h     ; 4A keypad -
        dw 4B00h,   4B34h,   7300h,   0         ; 4B keypad 4 / Left
        dw 4CF0h,   4C35h,   8FF0h,   0         ; 4C keypad 5
        dw 4D00h,   4D36h,   7400h,   0         ; 4D keypad 6 / Right
        dw 4E2Bh,   4E2Bh,   90F0h,   4EF0h     ; 4E keypad +
        dw 4F00h,   4F31h,   7500h,   0         ; 4F keypad 1 / End
        dw 5000h,   5032h,   91F0h,   0         ; 50 keypad 2 / Down
        dw 5100h,   5133h,   7600h,   0         ; 51 keypad 3 / PgDn
        dw 5200h,   5230h,   92F0h,   0         ; 52 keypad 0 / Ins
        dw 5300h,   532Eh,   93F0h,   0         ; 53 keypad . / Del
        dw 0,       0,       0,       0         ; 54 SysReq
        dw 0,       0,       0,       0         ; 55
        dw 565Ch,   567Ch,   0,       0         ; 56 102-key extra backslash
        dw 85F0h,   87F0h,   89F0h,   8BF0h     ; 57 F11
        dw 86F0h,   88F0h,   8AF0h,   8CF0h     ; 58 F12
KEY_LAST        equ 58h

; Digit typed by each keypad key 47h-53h while Alt is held (Alt + keypad number entry); FFh = not a digit.
keypad_digits:
        db 7, 8, 9, 0FFh, 4, 5, 6, 0FFh, 1, 2, 3, 0, 0FFh
