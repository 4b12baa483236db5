import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs the tests on the Node major of the Lambda runtime (nodejs22.x)', () => {
    // Assess
    expect(process.versions.node.split('.')[0]).toBe('22');
  });
});
