import type { AdaptationKind, GradeBand, LearnerNeed, Subject } from '@margins/shared';

/**
 * The words of the demo district (district.ts): a small curriculum site whose passages teachers adapt,
 * what they write for each kind of adaptation, and names. Written to read like a district's own, and
 * marked as demo data ("[Demo]" in every page title, pages on curriculum.example.org).
 */

/** One passage of a page, where several teachers adapt the same words. */
export interface DemoPassage {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  likelyKind: AdaptationKind;
  likelyLearners: LearnerNeed;
}

/** One curriculum page. */
export interface DemoPage {
  url: string;
  title: string;
  grade: GradeBand;
  subject: Subject;
  passages: DemoPassage[];
}

const p = (
  exact: string,
  prefix: string,
  suffix: string,
  start: number,
  likelyKind: AdaptationKind,
  likelyLearners: LearnerNeed,
): DemoPassage => ({ exact, prefix, suffix, start, likelyKind, likelyLearners });

const SITE = 'https://curriculum.example.org/demo';

export const CURRICULUM: DemoPage[] = [
  {
    url: `${SITE}/grade-6/math/unit-2/lesson-3`,
    title: '[Demo] Grade 6 Math Unit 2, Lesson 3: Ratio tables',
    grade: '6-8',
    subject: 'math',
    passages: [
      p(
        'complete the ratio table',
        'Working in pairs, students ',
        ' for the recipe.',
        312,
        'scaffolding',
        'below-grade-level',
      ),
      p(
        'equivalent ratios',
        'Explain why the rows show ',
        ' using the word "times".',
        640,
        'language-support',
        'multilingual-learners',
      ),
    ],
  },
  {
    url: `${SITE}/grade-6/ela/unit-1/central-idea`,
    title: '[Demo] Grade 6 ELA Unit 1: Finding the central idea',
    grade: '6-8',
    subject: 'ela',
    passages: [
      p(
        'determine the central idea of the text',
        'Read the article twice and ',
        ' in one sentence.',
        205,
        'language-support',
        'multilingual-learners',
      ),
      p(
        'cite two details that support it',
        'Then ',
        ' with page numbers.',
        410,
        'udl-accessibility',
        'students-with-disabilities',
      ),
    ],
  },
  {
    url: `${SITE}/grade-4/science/energy/lesson-2`,
    title: '[Demo] Grade 4 Science: Energy transfer, Lesson 2',
    grade: '3-5',
    subject: 'science',
    passages: [
      p(
        'plan an investigation',
        'In groups, students ',
        ' to test how the height of the ramp changes the speed.',
        150,
        'scaffolding',
        'all-learners',
      ),
      p(
        'record observations in the data table',
        'Each student must ',
        ' after every trial.',
        520,
        'accommodation',
        'attention-executive-function',
      ),
    ],
  },
  {
    url: `${SITE}/grade-3/reading/unit-4/fables`,
    title: '[Demo] Grade 3 Reading Unit 4: Fables and their lessons',
    grade: '3-5',
    subject: 'ela',
    passages: [
      p(
        'retell the fable in order',
        'Students ',
        ' using first, next, then and last.',
        98,
        'language-support',
        'multilingual-learners',
      ),
      p(
        'explain the lesson the author teaches',
        'In writing, ',
        ' with one example from the story.',
        377,
        'differentiation',
        'advanced-learners',
      ),
    ],
  },
  {
    url: `${SITE}/algebra-1/unit-3/systems`,
    title: '[Demo] Algebra 1 Unit 3: Solving systems by substitution',
    grade: '9-12',
    subject: 'math',
    passages: [
      p(
        'solve the system by substitution',
        'Students ',
        ' and check the solution in both equations.',
        260,
        'pacing',
        'below-grade-level',
      ),
      p(
        'interpret the solution in context',
        'Finally, ',
        ': what do the numbers mean for the two phone plans?',
        715,
        'culturally-responsive',
        'all-learners',
      ),
    ],
  },
  {
    url: `${SITE}/biology/cells/lab-1`,
    title: '[Demo] Biology: Cell structure lab',
    grade: '9-12',
    subject: 'science',
    passages: [
      p(
        'prepare a wet-mount slide',
        'Following the safety rules, ',
        ' of onion epidermis.',
        188,
        'accommodation',
        'students-with-disabilities',
      ),
      p(
        'compare plant and animal cells',
        'In the lab report, ',
        ' in a Venn diagram.',
        602,
        'formative-assessment',
        'all-learners',
      ),
    ],
  },
  {
    url: `${SITE}/grade-8/history/constitution`,
    title: '[Demo] Grade 8 U.S. History: Debating the Constitution',
    grade: '6-8',
    subject: 'social-studies',
    passages: [
      p(
        'analyze the primary source excerpts',
        'Students ',
        ' from the Federalist and Anti-Federalist papers.',
        230,
        'language-support',
        'multilingual-learners',
      ),
      p(
        'write a claim with evidence',
        'Each student will ',
        ' about ratification.',
        655,
        'summative-assessment',
        'below-grade-level',
      ),
    ],
  },
  {
    url: `${SITE}/grade-6/math/unit-4/percent`,
    title: '[Demo] Grade 6 Math Unit 4, Lesson 1: What is a percent?',
    grade: '6-8',
    subject: 'math',
    passages: [
      p(
        'a percent is a rate per 100',
        'Introduce the idea that ',
        ' with the 10 by 10 grid.',
        140,
        'instructional-method',
        'all-learners',
      ),
      p(
        'estimate percents of everyday amounts',
        'Students ',
        ' before computing them.',
        488,
        'extension-enrichment',
        'advanced-learners',
      ),
    ],
  },
];

/** Two things a teacher might write for each kind of adaptation: the change and why. */
export const KIND_TEXTS: Record<AdaptationKind, { body: string; rationale: string }[]> = {
  pacing: [
    {
      body: 'Split this across two days: day 1 ends with a three-question check, day 2 starts by regrouping students on it.',
      rationale: 'The lesson as written is too long for a 45-minute period; half my class never reached the practice.',
    },
    {
      body: 'Skip the warm-up and open with the worked example; use the saved ten minutes for partner practice.',
      rationale: 'Students needed the practice time more than the review the warm-up gives.',
    },
  ],
  scaffolding: [
    {
      body: 'Give the first row already filled in and a sentence frame: "For every ___, there are ___." Remove the frame after two rows.',
      rationale: 'A worked start let students who froze at the blank table begin on their own.',
    },
    {
      body: 'Model one example aloud, then do one together, then students do one with a partner before working alone.',
      rationale: 'Gradual release kept more students in the task than starting straight with independent work.',
    },
  ],
  differentiation: [
    {
      body: 'Three task cards at increasing difficulty; students choose, and move up after two correct answers.',
      rationale: 'One task was too easy for some and too hard for others; choice kept both groups working.',
    },
    {
      body: 'Students who finish early write their own version of the problem for a partner to solve.',
      rationale: 'Writing a problem shows me who really understands the structure, not just the steps.',
    },
  ],
  'language-support': [
    {
      body: 'Pre-teach four key words with pictures and a gesture each; post them with sentence frames students use when they talk.',
      rationale: 'My multilingual learners could do the thinking once they had the words to say it.',
    },
    {
      body: 'Pair students to explain their answer aloud before writing it, in any language, then write it in English.',
      rationale: 'Talking first in their strongest language made the written answers longer and clearer.',
    },
  ],
  'udl-accessibility': [
    {
      body: 'Offer the text as audio too, and let students show the central idea as a sketch with a caption.',
      rationale: 'Several students understood the text far better than their written answers showed.',
    },
    {
      body: 'Provide a graphic organizer with the steps listed and a checkbox for each one.',
      rationale: 'Seeing the steps helped students keep track without asking me what comes next.',
    },
  ],
  accommodation: [
    {
      body: 'Provide a pre-drawn data table with larger cells and extended time to record after each trial.',
      rationale: 'Recording while the trial ran was where students lost track; the table removed that barrier.',
    },
    {
      body: 'Read the directions aloud and break the task into three numbered chunks on the board.',
      rationale: 'Chunked directions cut down the questions about what to do next.',
    },
  ],
  'formative-assessment': [
    {
      body: 'End with a hinge question: three answers, each matching a common misconception. Group tomorrow by the answer chosen.',
      rationale: 'The exit ticket told me too late; the hinge question told me who to pull the next day.',
    },
    {
      body: 'Students hold up fingers 1 to 4 for confidence after each example; I check in with the 1s and 2s first.',
      rationale: 'A quick signal caught confusion before the independent practice.',
    },
  ],
  'summative-assessment': [
    {
      body: 'Allow the claim to be presented orally with the same rubric, as an alternative to the written essay.',
      rationale: 'The essay measured writing more than the historical reasoning the unit is about.',
    },
    {
      body: 'Replace two of the multiple-choice items with one short response asking students to explain their method.',
      rationale: 'The multiple-choice items could be guessed; the explanation shows what students really know.',
    },
  ],
  'instructional-method': [
    {
      body: 'Start with a number talk using the 10 by 10 grid before any definitions.',
      rationale: 'Students built the meaning themselves and the definition then made sense to them.',
    },
    {
      body: 'Use a jigsaw: each group becomes expert on one part, then teaches it to a mixed group.',
      rationale: 'Students read more carefully when they knew they had to teach it.',
    },
  ],
  'resource-substitution': [
    {
      body: 'Use the district video of the experiment instead of the live demo when materials are short.',
      rationale: 'We did not have enough ramps; the video kept the discussion going for every group.',
    },
    {
      body: 'Replace the textbook reading with a shorter article on the same topic at a lower reading level.',
      rationale: 'The textbook passage was well above most of my students; the article carried the same ideas.',
    },
  ],
  'extension-enrichment': [
    {
      body: 'Challenge: find three percents in a store flyer and check whether the "sale" is really a saving.',
      rationale: 'My advanced students wanted a real use; the flyer made them argue about the numbers.',
    },
    {
      body: 'Students who are ready design their own investigation question and plan for the next class.',
      rationale: 'Designing their own question pushed them further than the extra practice set.',
    },
  ],
  'culturally-responsive': [
    {
      body: 'Change the context to the phone plans and bus passes my students actually compare at home.',
      rationale: 'The textbook context meant nothing to them; their own choices made the math matter.',
    },
    {
      body: 'Invite students to bring a fable or proverb from their family and compare its lesson with ours.',
      rationale: 'Students connected the genre to stories they already knew, and shared them with pride.',
    },
  ],
};

export const FIRST_NAMES = [
  'Maya',
  'Daniel',
  'Priya',
  'Tomás',
  'Grace',
  'Samuel',
  'Amara',
  'Lucas',
  'Hana',
  'Marcus',
  'Elena',
  'Jamal',
  'Sofia',
  'Owen',
  'Aisha',
  'Mateo',
  'Leila',
  'Noah',
  'Ines',
  'Caleb',
  'Yuki',
  'Ruth',
  'Kofi',
  'Clara',
];
export const LAST_NAMES = [
  'Chen',
  'Okoro',
  'Patel',
  'García',
  'Kim',
  'Johnson',
  'Haddad',
  'Novak',
  'Reyes',
  'Walker',
  'Santos',
  'Ibrahim',
  'Moreau',
  'Singh',
  'Bauer',
  'Mensah',
  'Costa',
  'Tanaka',
  'Ward',
  'Lindqvist',
];
