import type { TestContext } from 'vitest';

/**
 * A test that needs a real component (promtool, a container runtime) skips with the reason on a developer's
 * machine without it, and fails where the component must be there: .ci/run installs them and sets
 * SYSMON_REQUIRE_REAL_COMPONENTS=1, so CI can never pass by skipping.
 */
export function needComponent(ctx: TestContext, missing: boolean, why: string): void {
  if (!missing) return;
  if (process.env.SYSMON_REQUIRE_REAL_COMPONENTS === '1') throw new Error(`required here: ${why}`);
  ctx.skip(true, why);
}
