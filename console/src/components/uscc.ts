/** 统一社会信用代码 as the officer types it: which character is wrong, or what the check character should be (intake and the intermediary catalogue). */
import { isValidUscc, usccCheckChar } from '../../../domain/uscc';

const USCC_CHARS = /^[0-9A-HJ-NPQRTUWXY]*$/;

export function usccProblem(value: string | undefined): string | undefined {
  const v = (value ?? '').toUpperCase();
  if (!v) return '请输入统一社会信用代码';
  if (!USCC_CHARS.test(v)) return '只能包含数字和大写字母（不含 I、O、Z、S、V）';
  if (v.length < 18) return `应为 18 位，已输入 ${v.length} 位`;
  if (v.length > 18) return '应为 18 位';
  if (!isValidUscc(v)) return `校验位不正确：第 18 位应为 ${usccCheckChar(v.slice(0, 17)) ?? '?'}`;
  return undefined;
}

/** An antd Form rule running usccProblem. */
export const usccRule = { validator: (_: unknown, v: string) => { const p = usccProblem(v); return p ? Promise.reject(new Error(p)) : Promise.resolve(); } };
