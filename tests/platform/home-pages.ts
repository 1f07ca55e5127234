/**
 * The demo's readable pages: the dashboard a newcomer opens (people, courses, installed tools, one-click
 * launches as a teacher, a coach or a district admin, and the editor-button deep-linking launch) and a
 * course page that lists what was added to the course through deep linking.
 */
import express, { type Router } from 'express';
import { html, page, type Raw } from './html.js';
import { lmsHeader, roleLabel } from './layout.js';
import { sessionUser } from './oidc.js';
import { LIS } from './roster.js';
import type { PlatformState } from './state.js';
import type { Placement, ToolRegistration } from './types.js';

function launchButton(
  tool: ToolRegistration,
  label: string,
  fields: { user: string; course?: string; placement: Placement; resourceLinkId?: string; targetLinkUri?: string },
): Raw {
  return html`<form method="post" action="/demo/launch">
    <input type="hidden" name="client_id" value="${tool.clientId}" />
    <input type="hidden" name="user" value="${fields.user}" />
    ${fields.course ? html`<input type="hidden" name="course" value="${fields.course}" />` : ''}
    <input type="hidden" name="placement" value="${fields.placement}" />
    ${fields.resourceLinkId ? html`<input type="hidden" name="resource_link_id" value="${fields.resourceLinkId}" />` : ''}
    ${fields.targetLinkUri ? html`<input type="hidden" name="target_link_uri" value="${fields.targetLinkUri}" />` : ''}
    <button type="submit">${label}</button>
  </form>`;
}

/** The first course where a person holds one of `roles`. */
function courseWhere(state: PlatformState, sub: string, roles: string[]): string | undefined {
  const user = state.roster.users.get(sub);
  if (!user || !user.roles.some((r) => roles.includes(r))) return undefined;
  return [...state.roster.courses.values()].find((c) => c.members.has(sub))?.id;
}

function demoLaunches(state: PlatformState, tool: ToolRegistration): Raw {
  const name = tool.name ?? 'the tool';
  const first = (sub: string) => state.roster.users.get(sub)?.name.split(' ')[0];
  const items: Raw[] = [];
  const teacherCourse = courseWhere(state, 'ana', [LIS.Instructor]);
  if (teacherCourse)
    items.push(
      launchButton(tool, `Launch ${name} as ${first('ana')} (teacher)`, {
        user: 'ana',
        course: teacherCourse,
        placement: 'course_navigation',
      }),
    );
  const plc =
    [...state.roster.courses.values()].find(
      (c) => c.members.has('ben') && /plc|professional/i.test(`${c.id} ${c.title}`),
    )?.id ?? courseWhere(state, 'ben', [LIS.Instructor]);
  if (plc)
    items.push(
      launchButton(tool, `Launch ${name} as ${first('ben')} (coach)`, {
        user: 'ben',
        course: plc,
        placement: 'course_navigation',
      }),
    );
  if (state.roster.users.get('dana')?.roles.includes(LIS.InstitutionAdministrator)) {
    items.push(
      launchButton(tool, `Launch ${name} as ${first('dana')} (district admin, account level)`, {
        user: 'dana',
        placement: 'account_navigation',
      }),
    );
  }
  if (teacherCourse)
    items.push(
      launchButton(tool, `Add ${name} to a course (editor button)`, {
        user: 'ana',
        course: teacherCourse,
        placement: 'editor_button',
      }),
    );
  if (!items.length) return html`<p>No seeded people to launch as. Add users and courses from your test.</p>`;
  return html`<ul class="actions">
    ${items.map((i) => html`<li>${i}</li>`)}
  </ul>`;
}

function dashboard(state: PlatformState, signedIn?: string): string {
  const tools = [...state.tools.values()];
  const main = html`<main id="main">
    <h1>${state.name}</h1>
    <p class="muted">
      A local test learning platform (LTI 1.3). Every button signs you in as that person and opens the tool inside a
      course page, the way Canvas or Moodle would.
    </p>
    <section class="card" aria-labelledby="launch-h">
      <h2 id="launch-h">Try it</h2>
      ${tools.length ? tools.map((t) => html`${tools.length > 1 ? html`<h3>${t.name}</h3>` : ''}${demoLaunches(state, t)}`) : html`<p>No tool is installed yet. Start one with <code>pnpm start</code>, or install one below.</p>`}
    </section>
    <h2 id="courses-h">Courses</h2>
    <table aria-labelledby="courses-h">
      <thead>
        <tr>
          <th scope="col">Course</th>
          <th scope="col">Code</th>
          <th scope="col">Members</th>
        </tr>
      </thead>
      <tbody>
        ${[...state.roster.courses.values()].map(
          (c) =>
            html`<tr>
              <td><a href="/courses/${encodeURIComponent(c.id)}">${c.title}</a></td>
              <td>${c.label}</td>
              <td>${c.members.size}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2 id="people-h">People</h2>
    <table aria-labelledby="people-h">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Email</th>
          <th scope="col">Courses</th>
        </tr>
      </thead>
      <tbody>
        ${[...state.roster.users.values()].map(
          (u) =>
            html`<tr>
              <td>${u.name}</td>
              <td>${roleLabel(state, u.sub)}</td>
              <td>${u.email ?? ''}</td>
              <td>
                ${
                  [...state.roster.courses.values()]
                    .filter((c) => c.members.has(u.sub))
                    .map((c) => c.label)
                    .join(', ') || 'None (district level)'
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2 id="tools-h">Installed tools</h2>
    ${
      tools.length
        ? html`<table aria-labelledby="tools-h">
            <thead>
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">Client ID</th>
                <th scope="col">Deployment</th>
                <th scope="col">Placements</th>
              </tr>
            </thead>
            <tbody>
              ${tools.map(
                (t) =>
                  html`<tr>
                    <td>${t.name}</td>
                    <td><code>${t.clientId}</code></td>
                    <td><code>${t.deploymentIds.join(', ')}</code></td>
                    <td>${(t.placements ?? []).join(', ') || 'course and account navigation, editor button'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>None yet.</p>`
    }
    <section class="card" aria-labelledby="install-h">
      <h2 id="install-h">Install a tool (LTI Dynamic Registration)</h2>
      <form method="get" action="/admin/register">
        <label for="reg-url">The tool's registration address</label>
        <input id="reg-url" name="url" type="url" required placeholder="http://127.0.0.1:3000/lti/register?code=…" />
        <label for="reg-product">Behave like</label>
        <select id="reg-product" name="product">
          <option value="canvas">Canvas</option>
          <option value="moodle">Moodle 5.1</option>
        </select>
        <p><button type="submit">Start installation</button></p>
      </form>
    </section>
    <p class="muted">
      Issuer <code>${state.issuer}</code> · JWKS <a href="${state.endpoints.jwks}">${state.endpoints.jwks}</a> · OpenID
      configuration <a href="${state.endpoints.openidConfiguration}">${state.endpoints.openidConfiguration}</a>
    </p>
  </main>`;
  return page({ title: 'Dashboard', platformName: state.name, body: html`${lmsHeader(state, signedIn)}${main}` });
}

function coursePage(state: PlatformState, courseId: string, signedIn?: string): string | undefined {
  const course = state.roster.courses.get(courseId);
  if (!course) return undefined;
  const viewer = signedIn && course.members.has(signedIn) ? signedIn : [...course.members][0];
  const main = html`<main id="main">
    <p><a href="/">Dashboard</a></p>
    <h1>${course.title}</h1>
    <h2 id="content">Content</h2>
    ${
      course.content.length
        ? html`<ul>
            ${course.content.map(({ item, clientId, resourceLinkId }) => {
              const title = String(item.title ?? item.url ?? item.type);
              const tool = state.tools.get(clientId);
              if (item.type === 'ltiResourceLink' && tool && viewer && resourceLinkId) {
                return html`<li>
                  ${launchButton(tool, `Open “${title}”`, { user: viewer, course: course.id, placement: 'course_navigation', resourceLinkId })}
                </li>`;
              }
              if (item.type === 'link' && typeof item.url === 'string' && /^https?:/.test(item.url))
                return html`<li><a href="${item.url}" rel="noopener noreferrer">${title}</a></li>`;
              return html`<li>${title} <span class="muted">(${String(item.type)})</span></li>`;
            })}
          </ul>`
        : html`<p>Nothing added yet. Use “Add … to a course (editor button)” on the dashboard.</p>`
    }
    <h2 id="people">People</h2>
    <ul>
      ${[...course.members].map((sub) => html`<li>${state.roster.user(sub).name}, ${roleLabel(state, sub)}</li>`)}
    </ul>
  </main>`;
  return page({ title: course.title, platformName: state.name, body: html`${lmsHeader(state, signedIn)}${main}` });
}

/** Routes of the dashboard and course pages. */
export function homeRoutes(state: PlatformState): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    res.type('html').send(dashboard(state, sessionUser(state, req)));
  });
  router.get('/courses/:id', (req, res) => {
    const body = coursePage(state, String(req.params.id), sessionUser(state, req));
    if (body) res.type('html').send(body);
    else
      res
        .status(404)
        .type('html')
        .send(
          page({
            title: 'Not found',
            platformName: state.name,
            body: html`<main class="narrow">
              <h1>Course not found</h1>
              <p><a href="/">Back to the dashboard</a></p>
            </main>`,
          }),
        );
  });
  return router;
}
