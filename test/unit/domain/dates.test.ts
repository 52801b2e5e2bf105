import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../../src/domain/dates.js';

describe('isCalendarDate', () => {
  it('accepts existing YYYY-MM-DD dates and nothing else.', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-02-30')).toBe(false);
    expect(isCalendarDate('2023-13-01')).toBe(false);
    expect(isCalendarDate('2023-1-01')).toBe(false);
    expect(isCalendarDate('2023-01-01T00:00:00Z')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
  });
});
