import { isValidUscc, usccCheckChar } from '../../domain/uscc';

describe('统一社会信用代码 check digit (GB 32100-2015)', () => {
  // Worked by hand: 91350100M000100Y4? — weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 over
  // 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4:
  // 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3 → '3'.
  test('when the check character is right, then the code is valid', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
  });

  test('when one character is changed, then the code is invalid', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000200Y43')).toBe(false);
  });

  test('when the code has a forbidden letter or wrong length, then it is invalid', () => {
    expect(isValidUscc('91350100I000100Y43')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
  });

  test('when the remainder is 0, then the check character is 0', () => {
    // Find a 17-char body whose weighted sum is a multiple of 31: all zeros.
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });
});
