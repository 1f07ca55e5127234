import { afterAll, it } from 'vitest';

/**
 * Counts how a fixture set went and prints one line for it when the file's tests are done:
 * cases that agree with the upstream expectation, cases where Margins' design deliberately
 * differs (each named with its reason in the test), and failures.
 */
export class Tally {
  private agree = 0;
  private failed: string[] = [];
  private differs: string[] = [];

  constructor(private readonly name: string) {
    afterAll(() => console.log(this.summary()));
  }

  /** One line: "<set>: N cases, A agree with upstream, D differ by design (ids), F fail (ids)". */
  summary(): string {
    const n = this.agree + this.differs.length + this.failed.length;
    const list = (xs: string[]) => (xs.length ? ` (${xs.join('; ')})` : '');
    return `[anchoring fixtures] ${this.name}: ${n} cases, ${this.agree} agree with upstream, ${this.differs.length} differ by design${list(this.differs)}, ${this.failed.length} fail${list(this.failed)}`;
  }

  /**
   * Registers a test for one case. `body` runs the assertions and returns 'agree', or a reason
   * string when the case is one of the documented design differences (which it has also asserted).
   */
  case(id: string, body: () => 'agree' | { differs: string }, timeout?: number): void {
    it(
      id,
      () => {
        try {
          const r = body();
          if (r === 'agree') this.agree++;
          else this.differs.push(`${id}: ${r.differs}`);
        } catch (e) {
          this.failed.push(id);
          throw e;
        }
      },
      timeout,
    );
  }
}
