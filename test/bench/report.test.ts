import { describe, expect, it } from 'vitest';
import { BEGIN, END, peerLine, spliceResults, targetCell } from '../../bench/report.ts';

describe('bench/RESULTS.md writer', () => {
  const prose = '# Results\n\nintro\n\n' + BEGIN + '\nold table\n' + END + '\n\n## What each number means\n\nhand-written\n';

  it('replaces only the block between the markers and keeps the prose around it', () => {
    const out = spliceResults(prose, '| new | table |\n');
    expect(out).toBe('# Results\n\nintro\n\n' + BEGIN + '\n| new | table |\n' + END + '\n\n## What each number means\n\nhand-written\n');
    // Idempotent in shape: writing again replaces the block again.
    expect(spliceResults(out, 'third')).toBe('# Results\n\nintro\n\n' + BEGIN + '\nthird\n' + END + '\n\n## What each number means\n\nhand-written\n');
  });

  it('writes the block alone when there is no file yet', () => {
    expect(spliceResults(undefined, 'tables')).toBe(`${BEGIN}\ntables\n${END}\n`);
  });

  it('puts the block before a file without markers and loses nothing', () => {
    expect(spliceResults('notes\n', 'tables')).toBe(`${BEGIN}\ntables\n${END}\n\nnotes\n`);
  });

  it('refuses markers it cannot pair', () => {
    expect(() => spliceResults(`${END}\n${BEGIN}\n`, 'x')).toThrow(/expected one/);
    expect(() => spliceResults(`${BEGIN}\n`, 'x')).toThrow(/expected one/);
    expect(() => spliceResults(`${BEGIN}\n${END}\n${BEGIN}\n${END}\n`, 'x')).toThrow(/expected one/);
  });

  it('keeps $ patterns in the generated text as they are', () => {
    expect(spliceResults(`${BEGIN}\n${END}`, "cost $& and $1")).toBe(`${BEGIN}\ncost $& and $1\n${END}`);
  });
});

describe('bench table cells', () => {
  it('prints targets with their verdict', () => {
    expect(targetCell(2.1, { op: '≥', value: 2 })).toBe('≥ 2 ✓');
    expect(targetCell(2, { op: '≥', value: 2 })).toBe('≥ 2 ✓');
    expect(targetCell(1, { op: '>', value: 1 })).toBe('> 1 ✗');
    expect(targetCell(6.5, { op: '≤', value: 6 })).toBe('≤ 6 ✗');
    expect(targetCell(3)).toBe('—');
  });

  it('puts the peer first and roaming-mock (the same rounds) after it', () => {
    const row = { name: 'list', rps: 20_000, baseRps: 5_000, p50: 2, p99: 5, baseP50: 9, baseP99: 30, ratio: 4.04, errors: 0 };
    expect(peerLine('mockttp', row, { op: '>', value: 1 })).toBe('| mockttp | list | 5,000 | 9 / 30 | 20,000 | 2 / 5 | **4.04** | > 1 ✓ |');
  });
});
