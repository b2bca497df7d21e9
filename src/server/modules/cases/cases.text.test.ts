import { describe, expect, it } from 'vitest';
import {
  bigrams,
  caseCode,
  parseCaseCode,
  regionCodeOf,
  SIMILAR_THRESHOLD,
  textSimilarity,
} from './cases.rules.ts';

describe('case codes', () => {
  it('pads the number to six digits and reads typed codes back', () => {
    expect(caseCode(123)).toBe('GL-000123');
    expect(caseCode(1234567)).toBe('GL-1234567');
    expect(parseCaseCode('GL-000123')).toBe(123);
    expect(parseCaseCode(' gl000123 ')).toBe(123);
    expect(parseCaseCode('GL-0')).toBeNull();
    expect(parseCaseCode('口罩 GL-12')).toBeNull();
    expect(parseCaseCode('000123')).toBeNull();
  });

  it('takes the first path segment as the region code', () => {
    expect(regionCodeOf('330482.001.002')).toBe('330482');
    expect(regionCodeOf('330482')).toBe('330482');
  });
});

describe('textSimilarity on character bigrams', () => {
  it('splits Chinese into pairs of characters, ignoring spaces and punctuation', () => {
    expect([...bigrams('缺少 熔喷布！')]).toEqual(['缺少', '少熔', '熔喷', '喷布']);
    expect([...bigrams('布')]).toEqual(['布']);
    expect(bigrams('  ，').size).toBe(0);
  });

  it('scores the same text 1, unrelated text 0, and a reworded Chinese request above the threshold', () => {
    expect(textSimilarity('熔喷布原料短缺', '熔喷布原料短缺')).toBe(1);
    expect(textSimilarity('熔喷布原料短缺', '员工返岗核验')).toBe(0);
    const score = textSimilarity('口罩厂熔喷布原料短缺', '熔喷布短缺，急需原料');
    expect(score).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD);
    expect(score).toBeLessThan(1);
    expect(textSimilarity('隔离衣备案', '出口退税办理')).toBeLessThan(SIMILAR_THRESHOLD);
  });

  it('is symmetric, case-insensitive for Latin text, and 0 for an empty side', () => {
    expect(textSimilarity('Mask filter', 'mask FILTER')).toBe(1);
    expect(textSimilarity('ab', 'abc')).toBe(textSimilarity('abc', 'ab'));
    expect(textSimilarity('', '口罩')).toBe(0);
  });
});
