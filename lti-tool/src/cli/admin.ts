import { parseArgs } from 'node:util';
import { hasControlChars } from '@margins/shared';
import { createApp, type Tool } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../http/logger.js';
import { canvasDeveloperKeyJson } from '../lti/lms/index.js';

/**
 * The district admin's command line: install codes for dynamic registration, manual platform
 * registration, deployments, coach grants. It uses the same configuration (environment) and database
 * as the server. Run: pnpm --filter @margins/lti-tool admin <command> [options]
 */

const HELP = `Margins admin

Usage: pnpm --filter @margins/lti-tool admin <command> [options]

Install with LTI Dynamic Registration (Canvas, Moodle 5.1):
  install-code create [--label "Riverside Canvas"] [--days 7] [--issuer URL --client-id ID]
      Creates a one-time install code and prints the registration URL to paste into the LMS.
      With --issuer and --client-id the code re-registers that district: it may update its
      registration, or attach the platform's new client_id and deployment to it (the tool deleted
      and added again, "Register as new"), keeping its people and data. A code without them can
      only install a new district; no code can change another district's registration.
  install-code list
      Lists install codes (unused, used, expired); codes themselves are never stored.

Install manually (Canvas developer key, Moodle "configure a tool manually", other LMSs):
  canvas-json
      Prints the Canvas developer-key JSON (also served at <PUBLIC_URL>/lti/canvas.json).
  platform register --issuer URL --client-id ID --auth-endpoint URL --token-endpoint URL
                    --jwks-url URL --deployment-id ID [--deployment-id ID ...] [--name NAME]
                    [--product canvas|moodle|other]
  deployment add --issuer URL --client-id ID --deployment-id ID [--name NAME]
      Only known deployments may launch Margins.
  platform attach --issuer URL --client-id ID --to-client-id ID
      Makes the separate district of (issuer, client-id) part of the district of (issuer, to-client-id):
      its client_id and deployments then launch there, as the same people. Only before anyone has
      launched through it (people's data is never left behind).
  platform service-origins --issuer URL --client-id ID [--origin URL ...]
      Shows (or sets) further addresses where the platform serves grades and rosters, besides its
      registered endpoints (Canvas: the district's own Canvas address). Margins contacts no other.

  platform new-deployments --issuer URL --client-id ID [--record yes|no]
      Shows (or sets) whether a new deployment of the district's platform is recorded on its first
      verified launch (yes: Canvas registers none, its installations appear as Margins is added to
      accounts and courses; on by default for a Canvas registration) or refused until
      "deployment add" (no: the default otherwise). Unknown platforms are always refused.

People:
  tenants
      Lists registered platforms (tenants) and their deployments.
  coach grant|revoke --issuer URL --client-id ID --deployment-id ID --user SUB
      Gives or takes the coach role (the person must have launched Margins once). It applies at
      their next request.
  district-admin revoke --issuer URL --client-id ID --deployment-id ID --user SUB
      Ends a district admin's powers in their open sessions at once (their LMS decides who is an
      admin: remove the role there too, or their next account-level launch makes them one again).
  account delete --issuer URL --client-id ID --deployment-id ID --user SUB --recognitions revoke|keep --yes
      Deletes the Margins account of a teacher who left (README "Deleting an account"), in one
      transaction: adaptations withdrawn, remixes credited to "a former colleague", ledger and metrics
      kept under a pseudonym, browsers disconnected, recognitions revoked or kept. Cannot be undone.

Sharing:
  sharing --issuer URL --client-id ID [--show-author-names yes|no]
      Shows (or sets) whether colleagues in the district see who wrote an adaptation (default: yes).
      Names are never shown to other districts.
`;

type Opts = Record<string, string | string[] | boolean | undefined>;

function need(o: Opts, name: string): string {
  const v = o[name];
  if (typeof v !== 'string' || !v) throw new UsageError(`--${name} is required.`);
  return v;
}

class UsageError extends Error {}

async function run(argv: string[], out: (s: string) => void): Promise<void> {
  const { values: o, positionals: pos } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      label: { type: 'string' },
      days: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'auth-endpoint': { type: 'string' },
      'token-endpoint': { type: 'string' },
      'jwks-url': { type: 'string' },
      'deployment-id': { type: 'string', multiple: true },
      name: { type: 'string' },
      product: { type: 'string' },
      user: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'show-author-names': { type: 'string' },
      'to-client-id': { type: 'string' },
      origin: { type: 'string', multiple: true },
      record: { type: 'string' },
      recognitions: { type: 'string' },
      yes: { type: 'boolean' },
    },
  });
  const [cmd, sub] = pos;
  if (!cmd || o.help || cmd === 'help') return out(HELP);
  // Identifiers are looked up and stored as given: a control character (NUL included) is never meant.
  for (const [name, v] of Object.entries(o))
    for (const x of Array.isArray(v) ? v : [v])
      if (typeof x === 'string' && hasControlChars(x))
        throw new UsageError(`--${name} contains a control character (such as NUL). Type it as plain text.`);
  for (const p of pos)
    if (hasControlChars(p)) throw new UsageError('A command contains a control character (such as NUL).');
  const config = loadConfig();
  if (cmd === 'canvas-json') {
    const base = config.publicUrl;
    return out(
      JSON.stringify(
        canvasDeveloperKeyJson(
          {
            base,
            login: `${base}/lti/login`,
            launch: `${base}/lti/launch`,
            keys: `${base}/lti/keys`,
            icon: `${base}/lti/icon.svg`,
          },
          config.toolName,
          'Peer-shared instructional adaptations: a practice library for teachers and coaches.',
        ),
        null,
        2,
      ),
    );
  }
  const tool: Tool = await createApp({ config, logger: createLogger('warn') });
  try {
    const s = tool.services;
    const deploymentIds = o['deployment-id'] ?? [];
    if (cmd === 'install-code' && sub === 'create') {
      const days = o.days ? Number(o.days) : 7;
      if (!Number.isInteger(days) || days < 1 || days > 90)
        throw new UsageError('--days must be a whole number from 1 to 90.');
      let target = null;
      if (o.issuer !== undefined || o['client-id'] !== undefined) {
        target = await s.tenancy.findTenant(need(o, 'issuer'), need(o, 'client-id'));
        if (!target) throw new UsageError('Unknown platform (see: tenants).');
      }
      const { code, expiresAt } = await s.install.create(typeof o.label === 'string' ? o.label : '', days, target?.id);
      out(
        `Install code: ${code} (works once, until ${expiresAt})${target ? `\nIt re-registers the district ${target.name} (${target.issuer}); it works only for that platform.` : ''}\n\nIn Canvas (Admin > Developer Keys > + LTI Registration) or Moodle (Site administration > Plugins > Activity modules > External tool > Manage tools > Tool URL),\nenter this registration URL:\n\n  ${config.publicUrl}/lti/register?install_code=${code}\n`,
      );
    } else if (cmd === 'install-code' && sub === 'list') {
      const rows = await s.install.list();
      out(
        rows.length
          ? rows.map((r) => `${r.status.padEnd(8)} ${r.createdAt}  expires ${r.expiresAt}  ${r.label}`).join('\n')
          : 'No install codes yet.',
      );
    } else if (cmd === 'platform' && sub === 'register') {
      if (!deploymentIds.length)
        throw new UsageError('--deployment-id is required (repeat it for several deployments).');
      const product = o.product ?? 'other';
      if (!['canvas', 'moodle', 'other'].includes(product))
        throw new UsageError('--product must be canvas, moodle or other.');
      const tenant = await s.platforms.register({
        issuer: need(o, 'issuer'),
        clientId: need(o, 'client-id'),
        authEndpoint: need(o, 'auth-endpoint'),
        tokenEndpoint: need(o, 'token-endpoint'),
        jwksUrl: need(o, 'jwks-url'),
        deploymentIds,
        ...(typeof o.name === 'string' ? { name: o.name } : {}),
        product: product as 'canvas' | 'moodle' | 'other',
      });
      out(
        `Registered ${tenant.name} (${tenant.issuer}, client ${tenant.client_id}) with deployments ${deploymentIds.join(', ')}.\nTool URLs for the LMS: login ${s.urls.login}, launch ${s.urls.launch}, keys ${s.urls.keys}`,
      );
    } else if (cmd === 'deployment' && sub === 'add') {
      const [d] = deploymentIds;
      if (!d) throw new UsageError('--deployment-id is required.');
      const t = await s.platforms.addDeployment(
        need(o, 'issuer'),
        need(o, 'client-id'),
        d,
        typeof o.name === 'string' ? o.name : '',
      );
      if (!t) throw new UsageError('That platform (issuer + client id) is not registered. Register it first.');
      out(`Deployment ${d} added to ${t.name}.`);
    } else if (cmd === 'platform' && sub === 'attach') {
      const issuer = need(o, 'issuer');
      let t;
      try {
        t = await s.platforms.attach(issuer, need(o, 'client-id'), need(o, 'to-client-id'));
      } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
      out(`Client ${need(o, 'client-id')} of ${issuer} now launches into ${t.name}.`);
    } else if (cmd === 'platform' && sub === 'service-origins') {
      const issuer = need(o, 'issuer');
      const clientId = need(o, 'client-id');
      if (o.origin?.length) {
        try {
          await s.platforms.setServiceOrigins(issuer, clientId, o.origin);
        } catch (e) {
          throw new UsageError(e instanceof Error ? e.message : String(e));
        }
      }
      const p = await s.platforms.platform(issuer, clientId);
      if (!p) throw new UsageError('Unknown platform (see: tenants).');
      out(`Margins contacts ${p.name}'s platform only at: ${p.origins.join(', ')}`);
    } else if (cmd === 'platform' && sub === 'new-deployments') {
      const issuer = need(o, 'issuer');
      const clientId = need(o, 'client-id');
      const given = o.record;
      if (given !== undefined) {
        if (given !== 'yes' && given !== 'no') throw new UsageError('--record must be yes or no.');
        try {
          await s.platforms.setDeploymentsOnLaunch(issuer, clientId, given === 'yes');
        } catch (e) {
          throw new UsageError(e instanceof Error ? e.message : String(e));
        }
      }
      const p = await s.platforms.platform(issuer, clientId);
      if (!p) throw new UsageError('Unknown platform (see: tenants).');
      out(
        p.deploymentsOnLaunch
          ? `New deployments of ${p.name}'s platform are recorded on their first launch.`
          : `New deployments of ${p.name}'s platform are refused until "deployment add".`,
      );
    } else if (cmd === 'tenants') {
      const tenants = await s.tenancy.listTenants();
      if (!tenants.length) return out('No platforms registered yet.');
      for (const t of tenants) {
        const deps = await s.tenancy.listDeployments(t.id);
        const clients = await s.tenancy.attachedClients(t.id);
        out(
          `${t.name} [${t.product}] ${t.issuer} client ${t.client_id}${clients.length ? `\n  also client ${clients.map((c) => c.clientId).join(', ')}` : ''}\n  deployments: ${deps.map((d) => d.deployment_id + (d.sameAs ? ` (continues ${deps.find((x) => x.id === d.sameAs)?.deployment_id ?? '?'})` : '')).join(', ') || '(none: launches are refused until one is added)'}`,
        );
      }
    } else if (
      (cmd === 'coach' && (sub === 'grant' || sub === 'revoke')) ||
      (cmd === 'district-admin' && sub === 'revoke')
    ) {
      const tenant = await s.tenancy.findTenant(need(o, 'issuer'), need(o, 'client-id'));
      const [d] = deploymentIds;
      const dep = tenant && d ? await s.tenancy.findDeployment(tenant.id, d) : null;
      if (!tenant || !dep) throw new UsageError('Unknown platform or deployment (see: tenants).');
      const [user] = await s.tenancy.findUsers(dep.id, need(o, 'user'));
      if (!user)
        throw new UsageError('Nobody with that sub, name or email has launched Margins from this deployment yet.');
      const role = cmd === 'coach' ? 'coach' : 'district-admin';
      if (sub === 'grant') await s.tenancy.grant(tenant.id, user.id, role, null);
      else await s.tenancy.revoke(user.id, role);
      const what = role === 'coach' ? 'a coach' : 'a district admin';
      out(
        `${user.name || user.sub} ${sub === 'grant' ? `is now ${what}` : `is no longer ${what}`}. It applies at once.`,
      );
    } else if (cmd === 'account' && sub === 'delete') {
      const recognitions = need(o, 'recognitions');
      if (recognitions !== 'revoke' && recognitions !== 'keep')
        throw new UsageError('--recognitions must be revoke (revoke them on the status list) or keep.');
      const tenant = await s.tenancy.findTenant(need(o, 'issuer'), need(o, 'client-id'));
      const [d] = deploymentIds;
      const dep = tenant && d ? await s.tenancy.findDeployment(tenant.id, d) : null;
      if (!tenant || !dep) throw new UsageError('Unknown platform or deployment (see: tenants).');
      const found = await s.tenancy.findUsers(dep.id, need(o, 'user'));
      if (found.length !== 1)
        throw new UsageError(
          found.length
            ? 'Several people match: give their LMS user id (sub) with --user.'
            : 'Nobody with that sub, name or email has launched Margins from this deployment.',
        );
      const user = found[0]!;
      if (o.yes !== true)
        throw new UsageError(
          `This deletes the Margins account of ${user.name || user.sub} and cannot be undone. Add --yes to confirm.`,
        );
      const r = await s.deletion.deleteFromCli(tenant.id, user.id, recognitions);
      out(
        `Deleted the account of ${user.name || user.sub}: ${r.adaptationsWithdrawn} adaptations withdrawn, ${r.remixesCredited} remixes now credit a former colleague, ${r.devicesDisconnected} browsers disconnected, ${r.recognitionsRevoked} recognitions revoked, ${r.recognitionsKept} kept.`,
      );
    } else if (cmd === 'sharing') {
      const tenant = await s.tenancy.findTenant(need(o, 'issuer'), need(o, 'client-id'));
      if (!tenant) throw new UsageError('Unknown platform (see: tenants).');
      const given = o['show-author-names'];
      if (given !== undefined && !['yes', 'no', 'true', 'false'].includes(String(given)))
        throw new UsageError('--show-author-names must be yes or no.');
      const settings =
        given === undefined
          ? await s.sharing.districtSettings(tenant.id)
          : await s.sharing.setDistrictSettings(tenant.id, { showAuthorNames: given === 'yes' || given === 'true' });
      out(
        `${tenant.name}: colleagues ${settings.showAuthorNames ? 'see' : 'do not see'} who wrote an adaptation. Other districts never do.`,
      );
    } else {
      throw new UsageError(`Unknown command "${[cmd, sub].filter(Boolean).join(' ')}".`);
    }
  } finally {
    await tool.close();
  }
}

/** Entry: prints usage errors and configuration problems without a stack trace. */
export async function main(
  argv = process.argv.slice(2),
  out: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
): Promise<number> {
  try {
    await run(argv, out);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n\n${e instanceof UsageError ? 'Run with --help for usage.\n' : ''}`);
      return 2;
    }
    if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${e.message}\nRun with --help for usage.\n`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href)
  void main().then((code) => process.exit(code));
