import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_BUDGET_FACTOR, defaultInterruptBudget, raiseJitBudget } from '../../../src/cli/dashboard/jit-budget.js';

describe('the dashboard\'s interrupt budget (jit-budget.ts)', () => {
  it('knows the default of the V8 it runs on only where it was read from `node --v8-options`', () => {
    expect(defaultInterruptBudget('11.3.244.8-node.33')).toBe(67_584);
    expect(defaultInterruptBudget('99.1.0')).toBeNull();
    expect(defaultInterruptBudget('garbage')).toBeNull();
    expect(DASHBOARD_BUDGET_FACTOR).toBeGreaterThan(1);
  });

  it("the table's value for this node is V8's own default (set back before exit, so the code cache stays valid)", () => {
    const known = defaultInterruptBudget();
    if (known === null) return;
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    delete env.NODE_EXTRA_CA_CERTS;
    const r = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8', env });
    const m = /--interrupt-budget\b[^\n]*\n\s*type: int\s+default: --interrupt-budget=(\d+)/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(known);
  });

  it('sets the budget and back without an error (the flag exists on this V8)', () => {
    const restore = raiseJitBudget();
    restore();
    restore();
  });
});
