import { buildPath, recognitionApi, type CoachAwardInput } from '@margins/shared';
import { call, download } from './api.js';

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
});
const a = recognitionApi;

/** Recognition's API calls (shared/src/api-recognition.ts), parsed with the shared contract. */
export const recognitionClient = {
  mine: () => call(a.mine.path, a.mine.response),
  credential: (id: string) => download(buildPath(a.credential.path, { id })),
  setWall: (id: string, onWall: boolean) =>
    call(buildPath(a.setWall.path, { id }), a.setWall.response, json('PUT', { onWall })),
  wall: () => call(a.wall.path, a.wall.response),
  district: () => call(a.district.path, a.district.response),
  award: (input: CoachAwardInput) => call(a.award.path, a.award.response, json('POST', input)),
  revoke: (id: string, reason: string) =>
    call(buildPath(a.revoke.path, { id }), a.revoke.response, json('POST', { reason })),
  rules: () => call(a.rules.path, a.rules.response),
  setRule: (ruleId: string, enabled: boolean) =>
    call(buildPath(a.setRule.path, { ruleId }), a.setRule.response, json('PUT', { enabled })),
};

/** Offers `text` to the browser as a download named `filename`. */
export function saveFile(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
