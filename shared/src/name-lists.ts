/**
 * Word lists for the name detector (names.ts). Plain data, lower-case and without accents (the
 * detector compares normalized tokens). Kept in one file so the lists are reviewed together.
 */

/**
 * Authors, researchers and historical figures teachers cite: never a student, even when the
 * roster holds a student with the same given name ("Maya Angelou" passes, "Maya" alone does not).
 * Multi-word entries match as phrases; single words match a capitalised surname on its own.
 */
export const CITED_PEOPLE: readonly string[] = (
  'vygotsky, lev vygotsky, piaget, jean piaget, bloom, benjamin bloom, dewey, john dewey, ' +
  'montessori, maria montessori, freire, paulo freire, bruner, jerome bruner, gardner, ' +
  'howard gardner, dweck, carol dweck, hattie, john hattie, marzano, robert marzano, wiggins, ' +
  'mctighe, grant wiggins, jay mctighe, tomlinson, carol ann tomlinson, krashen, stephen krashen, ' +
  'cummins, jim cummins, ladson-billings, gloria ladson-billings, delpit, lisa delpit, hammond, ' +
  'zaretta hammond, gay, geneva gay, paris, django paris, alim, noddings, nel noddings, bandura, ' +
  'albert bandura, skinner, b. f. skinner, maslow, abraham maslow, erikson, erik erikson, ' +
  'kohlberg, lave, wenger, etienne wenger, sweller, john sweller, rosenshine, barak rosenshine, ' +
  'wiliam, dylan wiliam, black, lemov, doug lemov, fisher, frey, douglas fisher, nancy frey, ' +
  'duckworth, angela duckworth, kagan, spencer kagan, webb, norman webb, rose, david rose, meyer, ' +
  'anne meyer, hooks, bell hooks, kozol, jonathan kozol, ravitch, darling-hammond, ' +
  'linda darling-hammond, maya angelou, angelou, toni morrison, morrison, langston hughes, hughes, ' +
  'zora neale hurston, hurston, james baldwin, baldwin, shakespeare, william shakespeare, dickens, ' +
  'charles dickens, orwell, george orwell, steinbeck, john steinbeck, harper lee, mark twain, ' +
  'twain, emily dickinson, dickinson, walt whitman, whitman, edgar allan poe, poe, jane austen, ' +
  'austen, homer, sandra cisneros, cisneros, gabriel garcia marquez, garcia marquez, pablo neruda, ' +
  'neruda, gabriela mistral, mistral, isabel allende, allende, jorge luis borges, borges, ' +
  'octavio paz, cervantes, miguel de cervantes, federico garcia lorca, lorca, julia alvarez, ' +
  'rudolfo anaya, anaya, jacqueline woodson, woodson, kwame alexander, jason reynolds, dr. seuss, ' +
  'seuss, roald dahl, dahl, judy blume, eric carle, carle, mo willems, willems, anne frank, frank, ' +
  'malala, malala yousafzai, yousafzai, martin luther king, martin luther king jr, king, ' +
  'rosa parks, parks, frederick douglass, douglass, harriet tubman, tubman, sojourner truth, ' +
  'abraham lincoln, lincoln, george washington, washington, thomas jefferson, jefferson, ' +
  'benjamin franklin, franklin, cesar chavez, chavez, dolores huerta, huerta, frida kahlo, kahlo, ' +
  'diego rivera, rivera, simon bolivar, bolivar, benito juarez, juarez, emiliano zapata, zapata, ' +
  'sor juana, sor juana ines de la cruz, jose marti, marti, albert einstein, einstein, ' +
  'isaac newton, newton, marie curie, curie, charles darwin, darwin, galileo, galileo galilei, ' +
  'ada lovelace, lovelace, katherine johnson, mae jemison, neil armstrong, armstrong, ' +
  'amelia earhart, earhart, nelson mandela, mandela, gandhi, mahatma gandhi, columbus, ' +
  'cristobal colon, colon, napoleon, cleopatra, aristotle, plato, socrates, confucius, pythagoras, ' +
  'euclid, archimedes, da vinci, leonardo da vinci, picasso, pablo picasso, van gogh, mozart, ' +
  'beethoven, bach, eleanor roosevelt, roosevelt, franklin roosevelt, john f. kennedy, kennedy, ' +
  'obama, barack obama, michelle obama, ruby bridges, bridges, helen keller, keller, ' +
  'jackie robinson, robinson, sally ride, pocahontas, sacagawea, cinderella, harry potter, potter, ' +
  'hermione, atticus, atticus finch, scout, jonas, esperanza, charlotte, wilbur, matilda, ramona, ' +
  'junie b. jones, percy jackson'
).split(', ');

/**
 * Given names, common in US and Latin American classrooms, lower-case without accents. Used to
 * recognise a name that the English tagger does not know and to spot names in Spanish text.
 */
export const GIVEN_NAMES: readonly string[] = (
  'aaliyah aaron abigail abril adam adrian agustin aiden aisha alejandra alejandro alex alexa alexander ' +
  'alexis alicia alondra alyssa amanda amelia amir ana andrea andres andrew angel angela angelica anthony ' +
  'antonio ariana ashley aubrey ava axel barbara beatriz benjamin bianca brandon brayden brianna brooklyn ' +
  'bryan caleb camila camilo carla carlos carmen carolina catalina cecilia chloe christian christopher ' +
  'claudia cristian daniel daniela dante david deandre deshawn destiny diana diego dominic dylan eduardo ' +
  'elena elias elijah elizabeth ella emilia emiliano emily emma emmanuel enrique eric esteban ethan ' +
  'evelyn fatima felipe fernanda fernando francisco gabriel gabriela genesis giovanni guadalupe gustavo ' +
  'hailey hannah hector hugo ian imani isaac isabel isabella isaiah ivan jacob jada jaden jaime jalen ' +
  'james jamal jasmine javier jayden jazmin jennifer jesus jimena joaquin joel jorge jose joseph josue ' +
  'juan julia julian juliana justin kaitlyn kayla keisha kenji kevin kiara laila layla leah leonardo ' +
  'liam lily lina logan lorena lucas lucia luis luna madison malik manuel marco marcos maria mariana ' +
  'mario marisol marta martina mason mateo matias mauricio maximiliano maya mia miguel mila miranda ' +
  'mohamed mohammed muhammad natalia nathan nayeli nicolas noah nora oliver olivia omar oscar pablo ' +
  'paola patricia paula pedro priya rafael raul regina renata ricardo roberto rodrigo rosa ruben ' +
  'samantha samuel santiago sara sarah sebastian sergio sofia sophia tomas tyler tyrone valentina ' +
  'valeria vanessa victor wei xavier ximena yahir yesenia yusuf zoe aditya ahmed ali ananya arjun ' +
  'chen darius ebony emeka fernan hiroshi jamila jin kwame lakisha latoya lin mei nadia ngozi ' +
  'nguyen omari quentin raj rashad shanice tariq trevon yuki zainab jordan taylor riley avery ' +
  'cameron morgan skylar peyton jesse kai ezra levi owen wyatt jack henry lucy nina tessa maddie ' +
  'rosa hope grace faith joy will mark may june april summer autumn rose ruby jade dawn sky river'
).split(' ');

/**
 * Given names that are also ordinary words: a match needs a capital letter away from the start
 * of a sentence ("Will Tyler try it?" vs "Ask Will").
 */
export const NAMES_THAT_ARE_WORDS: readonly string[] = (
  'hope grace faith joy will mark may june april summer autumn rose ruby jade dawn sky river ' +
  'angel paris king frank bill art guy sue pat rich ray victor luna paz sol dolores rosario ' +
  'jordan taylor black gay scout jack bridges parks hooks rosa mia ella marco tomas diana nina jesus mason'
).split(' ');

/**
 * Capitalised words in teachers' writing that are not people: Spanish function and cue words
 * (Spanish capitalises few words mid-sentence, so an unknown capitalised word there is likely a
 * name), plus subjects, programmes, places and calendar words in both languages.
 */
export const NOT_PEOPLE: readonly string[] = // Spanish function words and sentence openers
  (
    'el la los las un una unos unas y e o u de del al a en con por para sin sobre entre hasta desde que ' +
    'qué como cómo cuando cuándo donde dónde quien quién cual cuál este esta estos estas ese esa eso ' +
    'esto aquel mi mis tu tus su sus nuestro nuestra nuestros nuestras yo tú él ella ellos ellas nosotros ' +
    'usted ustedes le les lo se me te nos hoy ayer mañana también luego después antes pero porque pues ' +
    'si sí no muy más menos todo todos toda todas cada otro otra algunos algunas ya aquí allí hay fue es ' +
    'son está están hice hicimos usé usamos probé probamos funcionó primero segundo tercero gracias ' +
    'ojo nota idea consejo actividad lectura escritura clase grupo equipo estudiantes alumnos ' +
    // English words that start sentences or are capitalised for other reasons
    'i a an the this that these those my our we they he she it you his her their its who when what ' +
    'where why how if and but or so then also after before during with without for to in on at by from ' +
    'try tried use used ask have had do did great note tip next first second third last today tomorrow ' +
    'yesterday students student kids class group groups team teams table tables period ' +
    // calendar
    'monday tuesday wednesday thursday friday saturday sunday january february march august september ' +
    'october november december lunes martes miercoles jueves viernes sabado domingo enero febrero marzo ' +
    'abril mayo junio julio agosto septiembre octubre noviembre diciembre ' +
    // subjects, programmes, school words
    'english spanish french arabic chinese math mathematics science history ela ell ells el esl ' +
    'iep ieps tier level grade unit lesson module chapter ap ib sat act stem steam pe art music ' +
    'matemáticas matematicas ciencias historia inglés ingles español espanol lengua literatura ' +
    'google docs slides classroom canvas moodle schoology kahoot padlet quizlet desmos khan academy ' +
    'youtube zoom teams seesaw flipgrid nearpod newsela readworks commonlit ' +
    // places
    'america american americans usa us mexico méxico madrid españa espana spain texas california ' +
    'florida new york chicago city county district school escuela colegio secundaria primaria ' +
    'latino latina latinx hispanic african asian europe europa africa asia nadie don dona quijote ' +
    'civil war revolution depression renaissance library congress feedback homework practice vocabulary ' +
    'wonder firefox chrome safari edge margins undo ok okay'
  ).split(' ');
