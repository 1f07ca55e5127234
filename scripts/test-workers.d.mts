/** See test-workers.mjs. */
export declare function testWorkers(): { maxWorkers: number; reason: string };
