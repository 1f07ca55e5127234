import { AppError } from '@margins/shared';
import type { TenancyRepo } from '../data/tenancy-repo.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import { PROFESSIONAL_LEARNING } from '../lti/lms/index.js';

/**
 * Whether a course is a professional-learning course (PD, PLC: the teachers taking part are enrolled
 * as learners, so their launches are let in as teachers and the participation grade is theirs). The
 * LMS can say so with the custom parameter `margins_course=professional-learning`; inside Margins a
 * district admin or coach marks the course they launched from. The kind applies from each person's
 * next launch (a launch session keeps what it was opened with).
 */
export class CourseKindService {
  constructor(private readonly tenancy: TenancyRepo) {}

  async set(ctx: LaunchContext, professionalLearning: boolean): Promise<{ professionalLearning: boolean }> {
    if (!hasRole(ctx, 'coach') && !hasRole(ctx, 'district-admin'))
      throw new AppError('forbidden', 'Only a coach or district admin can say what kind of course this is.');
    if (!ctx.course)
      throw new AppError(
        'validation_failed',
        'Open Margins from the course you want to mark as professional learning.',
      );
    const kind = professionalLearning ? PROFESSIONAL_LEARNING : null;
    if (!(await this.tenancy.setCourseKind(ctx.tenant.id, ctx.course.id, kind)))
      throw new AppError('not_found', 'This course is not known to Margins any more. Open Margins from it again.');
    return { professionalLearning };
  }
}
