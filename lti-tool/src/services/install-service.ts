import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '@margins/shared';
import type { InstallCodeRow, InstallCodesRepo } from '../data/install-codes-repo.js';
import { nowIso } from '../data/db.js';

/** Letters and digits that cannot be confused when read aloud or retyped (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Normalises what a person typed: upper case, no spaces or dashes. */
export function normaliseInstallCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

function hashCode(code: string): string {
  return createHash('sha256')
    .update(`margins-install:${normaliseInstallCode(code)}`)
    .digest('hex');
}

/**
 * One-time install codes that guard dynamic registration: a district admin creates one from the
 * command line and pastes the registration URL that carries it into Canvas or Moodle. Only a hash
 * is stored; a code works once and expires.
 */
export class InstallService {
  constructor(private readonly codes: InstallCodesRepo) {}

  /**
   * Creates a code (shown once) valid for `days`. With `targetTenantId` the code may also re-register
   * that district (update its platform, or attach the platform's new client_id and deployment to it);
   * without, it can only install a new district. No code can change another district's registration.
   */
  async create(
    label: string,
    days = 7,
    targetTenantId: string | null = null,
  ): Promise<{ code: string; expiresAt: string }> {
    const bytes = randomBytes(12);
    const raw = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
    const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
    const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
    await this.codes.create({
      id: randomUUID(),
      code_hash: hashCode(code),
      label: label.slice(0, 200),
      created_at: nowIso(),
      expires_at: expiresAt,
      target_tenant_id: targetTenantId,
    });
    return { code, expiresAt };
  }

  /** Takes an unused, unexpired code for one registration; throws install_code_invalid (403) otherwise. */
  async reserve(raw: unknown): Promise<InstallCodeRow> {
    if (typeof raw !== 'string' || !raw.trim())
      throw new AppError(
        'install_code_invalid',
        'This registration needs an install code. Ask your district admin to create one with the Margins admin command line, then use the registration address it prints.',
      );
    if (raw.length > 100) throw new AppError('install_code_invalid');
    const row = await this.codes.reserve(hashCode(raw));
    if (!row) throw new AppError('install_code_invalid');
    return row;
  }

  /** Frees a reserved code when the registration failed for another reason. */
  release(id: string): Promise<void> {
    return this.codes.release(id);
  }

  /** Marks the code as having installed `tenantId`. */
  complete(id: string, tenantId: string): Promise<void> {
    return this.codes.complete(id, tenantId);
  }

  /** Codes for the admin listing (hashes are not shown). */
  async list(): Promise<
    {
      label: string;
      createdAt: string;
      expiresAt: string;
      status: 'unused' | 'used' | 'expired';
      /** The district the code re-registers, or null for a new install. */
      targetTenantId: string | null;
    }[]
  > {
    const now = nowIso();
    return (await this.codes.list()).map((c) => ({
      label: c.label,
      createdAt: c.created_at,
      expiresAt: c.expires_at,
      status: c.used_at ? 'used' : c.expires_at <= now ? 'expired' : 'unused',
      targetTenantId: c.target_tenant_id,
    }));
  }
}
