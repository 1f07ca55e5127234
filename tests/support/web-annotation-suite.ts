import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** One assertion of the W3C Web Annotation test suite and whether a document satisfied it. */
export interface AssertionResult {
  file: string;
  title: string;
  passed: boolean;
  errorMessage: string;
}

/**
 * Loads the W3C web-annotation-tests assertions (JSON Schema draft-04) the way the suite's README
 * describes: every `definitions/*.json` registered first, then each assertion compiled by its path.
 */
export class WebAnnotationSuite {
  private readonly ajv: Ajv04;

  constructor(private readonly dir: string) {
    this.ajv = new Ajv04({ strict: false, allErrors: false });
    addFormats(this.ajv);
    for (const file of readdirSync(join(dir, 'definitions')).filter((f) => f.endsWith('.json'))) {
      this.ajv.addSchema(JSON.parse(readFileSync(join(dir, 'definitions', file), 'utf8')));
    }
  }

  /** The assertion files a `.test` list names (e.g. `annotations/annotationMusts.test`). */
  assertionsOf(testFile: string): string[] {
    return (JSON.parse(readFileSync(join(this.dir, testFile), 'utf8')) as { assertions: string[] }).assertions;
  }

  /** Checks `doc` against every assertion of a `.test` list. */
  run(testFile: string, doc: unknown): AssertionResult[] {
    return this.assertionsOf(testFile).map((file) => {
      const schema = JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as Record<string, unknown>;
      const validate = this.ajv.getSchema(String(schema.id)) ?? this.ajv.compile(schema);
      const valid = validate(doc) as boolean;
      const expectValid = schema.expectedResult !== 'invalid';
      return {
        file,
        title: typeof schema.title === 'string' ? schema.title : file,
        passed: valid === expectValid,
        errorMessage: typeof schema.errorMessage === 'string' ? schema.errorMessage : '',
      };
    });
  }
}
