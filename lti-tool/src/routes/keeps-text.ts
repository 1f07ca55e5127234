/**
 * The words of the "What Margins keeps about you" page (issue 16, item 6), in English and Spanish.
 * A server page with its own strings: it is read without the LMS UI's bundle (and without JavaScript).
 */

/** The retention figures a page shows. */
export interface KeepsFigures {
  detailDays: number;
  feedDays: number;
  /** True when the figures are the district's own (opened from a launch), false for the defaults. */
  ownDistrict: boolean;
}

/** One section of the page: a heading and its paragraphs. */
export interface KeepsSection {
  heading: string;
  paragraphs: string[];
}

/** Everything the page says in one language. */
export interface KeepsText {
  lang: 'en' | 'es';
  title: string;
  intro: string;
  scope: (f: KeepsFigures) => string;
  sections: (f: KeepsFigures) => KeepsSection[];
  otherLanguage: { label: string; lang: 'en' | 'es' };
}

const en: KeepsText = {
  lang: 'en',
  title: 'What Margins keeps about you',
  intro:
    'Margins helps teachers share adaptations of lessons with colleagues. This page says, in plain words, what it stores, for how long, who can see it, and how to download or delete it.',
  scope: (f) =>
    f.ownDistrict
      ? 'The periods below are the ones your district has set.'
      : 'The periods below are the defaults. Your district may have chosen others: open this page from the link inside Margins to see yours.',
  sections: (f) => [
    {
      heading: 'Who you are',
      paragraphs: [
        'Your name, email address (when your learning platform sends it), your account id in the platform, your district, your roles and the courses you opened Margins from. Kept while you have an account; deleted when you delete your account.',
      ],
    },
    {
      heading: 'Your adaptations',
      paragraphs: [
        'The adaptations you share, with the page and passage they belong to, until you delete them. A deleted adaptation leaves only its id and times, so your other browsers know to remove it; never its content.',
        'Adaptations you keep "Only me" stay in your browser unless you chose to send them too when you connected it.',
      ],
    },
    {
      heading: 'What you say about colleagues\u2019 practices',
      paragraphs: [
        `"I tried this" outcomes and feedback. The words of feedback and of "I tried this" notes are kept ${f.detailDays} days, then removed; that feedback was given, and the outcome, stay, so counts do not change.`,
      ],
    },
    {
      heading: 'The contribution record',
      paragraphs: [
        `A record of contributions (shared, tried, remixed, gave feedback, recognised): who, when, in which course and school. It is what recognition and the district's metrics are counted from. Its details (for example which collection or which audience) are kept ${f.detailDays} days; what the metrics count stays.`,
      ],
    },
    {
      heading: 'Learners',
      paragraphs: [
        'Margins never stores a learner\u2019s name in readable form. To warn you before a learner\u2019s name leaves your text, it keeps salted one-way fingerprints of the name words of your courses\u2019 rosters, refreshed from your learning platform and deleted with the course.',
      ],
    },
    {
      heading: 'Recognition and connected browsers',
      paragraphs: [
        'Badges you receive are signed credentials (Open Badges); what is public on them is shown to you before they are issued. Your connected browsers are listed with their name and when they were connected and last seen; you can disconnect each one.',
        `Browsers sync from a list of recent changes kept ${f.feedDays} days. A browser that was away longer downloads everything again and keeps its own changes that were not shared yet.`,
      ],
    },
    {
      heading: 'Who can see it',
      paragraphs: [
        'Colleagues see what you shared with them (a course, your district, or the network of districts). Your district decides whether colleagues see author names; other districts never do. Coaches and district admins see counts and metrics, not your private adaptations. No one outside Margins and your district\u2019s staff sees any of it.',
      ],
    },
    {
      heading: 'Download or delete',
      paragraphs: [
        'Open Margins from your course and choose "My data": download everything your district\u2019s Margins holds about you (JSON, your adaptations as W3C annotations, your credentials), or delete your account. A district admin can do the same for a teacher who left.',
      ],
    },
  ],
  otherLanguage: { label: 'En español', lang: 'es' },
};

const es: KeepsText = {
  lang: 'es',
  title: 'Lo que Margins guarda sobre ti',
  intro:
    'Margins ayuda a los docentes a compartir adaptaciones de lecciones con sus colegas. Esta página explica con palabras sencillas qué guarda, durante cuánto tiempo, quién puede verlo y cómo descargarlo o borrarlo.',
  scope: (f) =>
    f.ownDistrict
      ? 'Los plazos de abajo son los que ha fijado tu distrito.'
      : 'Los plazos de abajo son los predeterminados. Tu distrito puede haber elegido otros: abre esta página desde el enlace dentro de Margins para ver los tuyos.',
  sections: (f) => [
    {
      heading: 'Quién eres',
      paragraphs: [
        'Tu nombre, tu correo (si tu plataforma de aprendizaje lo envía), tu identificador en la plataforma, tu distrito, tus roles y los cursos desde los que abriste Margins. Se guardan mientras tengas una cuenta; se borran cuando borras tu cuenta.',
      ],
    },
    {
      heading: 'Tus adaptaciones',
      paragraphs: [
        'Las adaptaciones que compartes, con la página y el pasaje a los que pertenecen, hasta que las borres. De una adaptación borrada solo quedan su identificador y sus fechas, para que tus otros navegadores sepan quitarla; nunca su contenido.',
        'Las adaptaciones "Solo yo" se quedan en tu navegador, salvo que al conectarlo elegiste enviarlas también.',
      ],
    },
    {
      heading: 'Lo que dices de las prácticas de tus colegas',
      paragraphs: [
        `Los resultados de "Lo probé" y los comentarios. El texto de los comentarios y de las notas de "Lo probé" se guarda ${f.detailDays} días y luego se borra; queda que hubo un comentario y el resultado, así que los recuentos no cambian.`,
      ],
    },
    {
      heading: 'El registro de contribuciones',
      paragraphs: [
        `Un registro de contribuciones (compartió, probó, remezcló, comentó, fue reconocido): quién, cuándo, en qué curso y escuela. De él se cuentan los reconocimientos y las métricas del distrito. Sus detalles (por ejemplo, qué colección o qué público) se guardan ${f.detailDays} días; lo que cuentan las métricas se queda.`,
      ],
    },
    {
      heading: 'Estudiantes',
      paragraphs: [
        'Margins nunca guarda el nombre de un estudiante de forma legible. Para avisarte antes de que un nombre salga en tu texto, guarda huellas de un solo sentido (con sal) de las palabras de los nombres de las listas de tus cursos, actualizadas desde tu plataforma y borradas con el curso.',
      ],
    },
    {
      heading: 'Reconocimientos y navegadores conectados',
      paragraphs: [
        'Las insignias que recibes son credenciales firmadas (Open Badges); lo que será público en ellas se te muestra antes de emitirlas. Tus navegadores conectados aparecen con su nombre y cuándo se conectaron y se vieron por última vez; puedes desconectar cada uno.',
        `Los navegadores se sincronizan con una lista de cambios recientes que se guarda ${f.feedDays} días. Un navegador que estuvo fuera más tiempo vuelve a descargarlo todo y conserva sus propios cambios aún no compartidos.`,
      ],
    },
    {
      heading: 'Quién puede verlo',
      paragraphs: [
        'Tus colegas ven lo que compartiste con ellos (un curso, tu distrito o la red de distritos). Tu distrito decide si ven los nombres de los autores; otros distritos nunca los ven. Los coaches y los administradores del distrito ven recuentos y métricas, no tus adaptaciones privadas. Nadie fuera de Margins y del personal de tu distrito ve nada de esto.',
      ],
    },
    {
      heading: 'Descargar o borrar',
      paragraphs: [
        'Abre Margins desde tu curso y elige "Mis datos": descarga todo lo que el Margins de tu distrito guarda sobre ti (JSON, tus adaptaciones como anotaciones W3C, tus credenciales) o borra tu cuenta. Un administrador del distrito puede hacer lo mismo por un docente que se fue.',
      ],
    },
  ],
  otherLanguage: { label: 'In English', lang: 'en' },
};

/** The page's words by language. */
export const KEEPS_TEXT: Record<'en' | 'es', KeepsText> = { en, es };
