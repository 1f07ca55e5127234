import { client } from '../api.js';
import { RoleGrants } from './RoleGrants.js';

/** District admins make teachers coaches (and take it back), for their own installation only. */
export function Coaches() {
  return (
    <RoleGrants
      role="coach"
      load={() => client.coaches().then((r) => r.coaches)}
      grant={(id) => client.grantCoach(id)}
      revoke={(id) => client.revokeCoach(id)}
    />
  );
}
