/**
 * Public-domain instructional and civic texts that curriculum units are built around, for the
 * templated-lesson anchoring set (templated-lessons.ts). Each is a work published in the United
 * States before 1929 or a work of the United States government, so it is in the public domain
 * there; the wording follows the edition named in `source`. The templated teacher's-guide text
 * around them (routine boxes, prompts) is written for this repository and is not quoted from anywhere.
 */

/** One source text as a lesson reads it. */
export interface CurriculumText {
  id: string;
  /** The lesson's title (without its number). */
  title: string;
  /** Who wrote it, as the lesson names them (a proper name the templated prompts reuse). */
  author: string;
  /** Edition or printing the wording follows. */
  source: string;
  licence: string;
  /** A word of the text the close-reading prompt asks about. */
  keyword: string;
  /** What the lesson is about, in a few words (the warm-up's topic). */
  topic: string;
  paragraphs: readonly string[];
}

const US_PD = 'Public domain in the United States (published before 1929).';
const US_GOV = 'Public domain: a work of the United States government.';

/** The texts, one per lesson of the generated units. */
export const CURRICULUM_TEXTS: readonly CurriculumText[] = [
  {
    id: 'gettysburg',
    title: 'The Gettysburg Address',
    author: 'Lincoln',
    source: 'Abraham Lincoln, Address delivered at the dedication of the cemetery at Gettysburg, 1863 (Bliss copy).',
    licence: US_PD,
    keyword: 'dedicate',
    topic: 'the Civil War',
    paragraphs: [
      'Four score and seven years ago our fathers brought forth on this continent, a new nation, conceived in Liberty, and dedicated to the proposition that all men are created equal.',
      'Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived and so dedicated, can long endure. We are met on a great battle-field of that war. We have come to dedicate a portion of that field, as a final resting place for those who here gave their lives that that nation might live. It is altogether fitting and proper that we should do this.',
      'But, in a larger sense, we can not dedicate\u2014we can not consecrate\u2014we can not hallow\u2014this ground. The brave men, living and dead, who struggled here, have consecrated it, far above our poor power to add or detract. The world will little note, nor long remember what we say here, but it can never forget what they did here. It is for us the living, rather, to be dedicated here to the unfinished work which they who fought here have thus far so nobly advanced. It is rather for us to be here dedicated to the great task remaining before us\u2014that from these honored dead we take increased devotion to that cause for which they gave the last full measure of devotion\u2014that we here highly resolve that these dead shall not have died in vain\u2014that this nation, under God, shall have a new birth of freedom\u2014and that government of the people, by the people, for the people, shall not perish from the earth.',
    ],
  },
  {
    id: 'preamble',
    title: 'The Preamble',
    author: 'Morris',
    source:
      'Constitution of the United States, Preamble (1787; its final wording is attributed to Gouverneur Morris of the Committee of Style).',
    licence: US_GOV,
    keyword: 'establish',
    topic: 'the Constitution',
    paragraphs: [
      'We the People of the United States, in Order to form a more perfect Union, establish Justice, insure domestic Tranquility, provide for the common defence, promote the general Welfare, and secure the Blessings of Liberty to ourselves and our Posterity, do ordain and establish this Constitution for the United States of America.',
    ],
  },
  {
    id: 'first-amendment',
    title: 'The First Amendment',
    author: 'Madison',
    source: 'Constitution of the United States, Amendment I (1791; drafted by James Madison).',
    licence: US_GOV,
    keyword: 'abridging',
    topic: 'free speech',
    paragraphs: [
      'Congress shall make no law respecting an establishment of religion, or prohibiting the free exercise thereof; or abridging the freedom of speech, or of the press; or the right of the people peaceably to assemble, and to petition the Government for a redress of grievances.',
    ],
  },
  {
    id: 'declaration',
    title: 'The Declaration of Independence',
    author: 'Jefferson',
    source: 'The unanimous Declaration of the thirteen united States of America, 1776 (the engrossed copy).',
    licence: US_PD,
    keyword: 'equal',
    topic: 'independence',
    paragraphs: [
      "When in the Course of human events, it becomes necessary for one people to dissolve the political bands which have connected them with another, and to assume among the powers of the earth, the separate and equal station to which the Laws of Nature and of Nature's God entitle them, a decent respect to the opinions of mankind requires that they should declare the causes which impel them to the separation.",
      'We hold these truths to be self-evident, that all men are created equal, that they are endowed by their Creator with certain unalienable Rights, that among these are Life, Liberty and the pursuit of Happiness. That to secure these rights, Governments are instituted among Men, deriving their just powers from the consent of the governed, That whenever any Form of Government becomes destructive of these ends, it is the Right of the People to alter or to abolish it, and to institute new Government, laying its foundation on such principles and organizing its powers in such form, as to them shall seem most likely to effect their Safety and Happiness.',
    ],
  },
  {
    id: 'euclid-definitions',
    title: 'Points, lines and surfaces',
    author: 'Euclid',
    source:
      'Euclid, The Thirteen Books of the Elements, Book I, Definitions, translated by T. L. Heath (Cambridge, 1908).',
    licence: US_PD,
    keyword: 'extremities',
    topic: 'geometry',
    paragraphs: [
      'A point is that which has no part. A line is breadthless length. The extremities of a line are points. A straight line is a line which lies evenly with the points on itself.',
      'A surface is that which has length and breadth only. The extremities of a surface are lines. A plane surface is a surface which lies evenly with the straight lines on itself.',
      'A circle is a plane figure contained by one line such that all the straight lines falling upon it from one point among those lying within the figure are equal to one another; and the point is called the centre of the circle.',
      'Parallel straight lines are straight lines which, being in the same plane and being produced indefinitely in both directions, do not meet one another in either direction.',
    ],
  },
  {
    id: 'euclid-postulates',
    title: 'Postulates and common notions',
    author: 'Euclid',
    source:
      'Euclid, The Thirteen Books of the Elements, Book I, Postulates and Common Notions, translated by T. L. Heath (Cambridge, 1908).',
    licence: US_PD,
    keyword: 'produce',
    topic: 'proof',
    paragraphs: [
      'Let the following be postulated: to draw a straight line from any point to any point; to produce a finite straight line continuously in a straight line; to describe a circle with any centre and distance; that all right angles are equal to one another.',
      'That, if a straight line falling on two straight lines make the interior angles on the same side less than two right angles, the two straight lines, if produced indefinitely, meet on that side on which are the angles less than the two right angles.',
      'Things which are equal to the same thing are also equal to one another. If equals be added to equals, the wholes are equal. If equals be subtracted from equals, the remainders are equal. Things which coincide with one another are equal to one another. The whole is greater than the part.',
    ],
  },
  {
    id: 'newton',
    title: 'The laws of motion',
    author: 'Newton',
    source:
      'Isaac Newton, The Mathematical Principles of Natural Philosophy, Axioms, or Laws of Motion, translated by Andrew Motte (London, 1729).',
    licence: US_PD,
    keyword: 'impressed',
    topic: 'motion',
    paragraphs: [
      'Every body perseveres in its state of rest, or of uniform motion in a right line, unless it is compelled to change that state by forces impressed thereon.',
      'Projectiles persevere in their motions, so far as they are not retarded by the resistance of the air, or impelled downwards by the force of gravity. A top, whose parts by their cohesion are perpetually drawn aside from rectilinear motions, does not cease its rotation, otherwise than as it is retarded by the air.',
      'The alteration of motion is ever proportional to the motive force impressed; and is made in the direction of the right line in which that force is impressed.',
      'To every action there is always opposed an equal reaction: or the mutual actions of two bodies upon each other are always equal, and directed to contrary parts. Whatever draws or presses another is as much drawn or pressed by that other. If you press a stone with your finger, the finger is also pressed by the stone.',
    ],
  },
  {
    id: 'darwin',
    title: 'An entangled bank',
    author: 'Darwin',
    source: 'Charles Darwin, On the Origin of Species, chapter XIV, closing paragraphs (London, 1859, first edition).',
    licence: US_PD,
    keyword: 'laws',
    topic: 'living things',
    paragraphs: [
      'It is interesting to contemplate an entangled bank, clothed with many plants of many kinds, with birds singing on the bushes, with various insects flitting about, and with worms crawling through the damp earth, and to reflect that these elaborately constructed forms, so different from each other, and dependent on each other in so complex a manner, have all been produced by laws acting around us.',
      'There is grandeur in this view of life, with its several powers, having been originally breathed into a few forms or into one; and that, whilst this planet has gone cycling on according to the fixed law of gravity, from so simple a beginning endless forms most beautiful and most wonderful have been, and are being, evolved.',
    ],
  },
  {
    id: 'strunk-usage',
    title: 'Elementary rules of usage',
    author: 'Strunk',
    source: 'William Strunk Jr., The Elements of Style, II. Elementary Rules of Usage (Ithaca, 1918).',
    licence: US_PD,
    keyword: 'comma',
    topic: 'punctuation',
    paragraphs: [
      "Form the possessive singular of nouns by adding 's. In a series of three or more terms with a single conjunction, use a comma after each term except the last.",
      'Enclose parenthetic expressions between commas. Do not join independent clauses by a comma. Do not break sentences in two.',
    ],
  },
  {
    id: 'strunk-composition',
    title: 'Elementary principles of composition',
    author: 'Strunk',
    source: 'William Strunk Jr., The Elements of Style, III. Elementary Principles of Composition (Ithaca, 1918).',
    licence: US_PD,
    keyword: 'needless',
    topic: 'writing',
    paragraphs: [
      'Make the paragraph the unit of composition: one paragraph to each topic. As a rule, begin each paragraph with a topic sentence; end it in conformity with the beginning. Use the active voice. Put statements in positive form.',
      'Make definite assertions. Avoid tame, colorless, hesitating, non-committal language. Use the word not as a means of denial or in antithesis, never as a means of evasion.',
      'Vigorous writing is concise. A sentence should contain no unnecessary words, a paragraph no unnecessary sentences, for the same reason that a drawing should have no unnecessary lines and a machine no unnecessary parts. This requires not that the writer make all his sentences short, or that he avoid all detail and treat his subjects only in outline, but that every word tell.',
    ],
  },
  {
    id: 'second-inaugural',
    title: 'The Second Inaugural Address',
    author: 'Lincoln',
    source: 'Abraham Lincoln, Second Inaugural Address, March 4, 1865 (closing paragraph).',
    licence: US_PD,
    keyword: 'malice',
    topic: 'the end of the war',
    paragraphs: [
      "With malice toward none, with charity for all, with firmness in the right as God gives us to see the right, let us strive on to finish the work we are in, to bind up the nation's wounds, to care for him who shall have borne the battle and for his widow and his orphan, to do all which may achieve and cherish a just and lasting peace among ourselves and with all nations.",
    ],
  },
];
