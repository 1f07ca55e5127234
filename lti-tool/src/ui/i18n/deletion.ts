/**
 * Strings of account deletion (issue 16: the "Delete my account" dialog in My data, and the district
 * admin's "Delete an account" view), in their own table so en.ts and es.ts stay short; both spread it.
 */
export const deletionEn = {
  'nav.accounts': 'Delete an account',
  'deletion.heading': 'Delete my account from the district',
  'deletion.lede':
    'Your adaptations leave your colleagues’ views and your browsers are disconnected. Download your data first if you want to keep it.',
  'deletion.open': 'Delete my account…',
  'deletion.titleMine': 'Delete your Margins account?',
  'deletion.titlePerson': 'Delete the Margins account of {name}?',
  'deletion.introMine': 'This cannot be undone. What happens:',
  'deletion.introPerson': 'This cannot be undone. What happens to this person’s data:',
  'deletion.goAdaptations':
    'Adaptations are withdrawn from colleagues’ views; their browsers drop them at the next sync. Only ids and dates are kept.',
  'deletion.goRemixes': 'Colleagues’ remixes stay, credited to “a former colleague”, never by name.',
  'deletion.goSaid': 'Feedback text is removed; “I tried this” marks stay without their notes and without a name.',
  'deletion.goDevices': 'Connected browsers are disconnected, and coach or curriculum lead roles are removed.',
  'deletion.stayMetrics':
    'The district’s totals do not change: the contribution record keeps its events under a random pseudonym.',
  'deletion.stayLocal':
    'Adaptations kept only in a browser stay on that computer. Opening Margins again from the LMS starts a new, empty account.',
  'deletion.recognitions': 'Recognition badges',
  'deletion.revoke': 'Revoke them (verifiers will see them as revoked)',
  'deletion.keep': 'Keep them valid (the district removes them from its wall and keeps no copy)',
  'deletion.word': 'DELETE',
  'deletion.typeLabel': 'Type {word} to confirm',
  'deletion.chooseFirst': 'Choose what happens to the recognition badges first.',
  'deletion.typeFirst': 'Type {word} in the box to confirm.',
  'deletion.deleting': 'Deleting…',
  'deletion.cancel': 'Cancel',
  'deletion.submitMine': 'Delete my account',
  'deletion.submitPerson': 'Delete this account',
  'deletion.done':
    'Deleted: {adaptations} adaptations withdrawn, {devices} browsers disconnected, {recognitions} recognition badges handled as chosen.',
  'deletion.doneHeading': 'Your account was deleted',
  'deletion.doneLocal':
    'Adaptations kept only in your browser are still there. Close this page; opening Margins again starts a new account.',
  'accounts.heading': 'Delete an account',
  'accounts.lede':
    'For a teacher who left: the same deletion a teacher can do from My data. People appear here after they opened Margins from this installation.',
  'accounts.search': 'Name or email',
  'accounts.find': 'Find',
  'accounts.none': 'Nobody with that name or email has opened Margins from this installation.',
  'accounts.delete': 'Delete the account of {name}…',
  'accounts.deleted': 'The account of {name} was deleted.',
} as const;

/** The same strings in Spanish. */
export const deletionEs: Record<keyof typeof deletionEn, string> = {
  'nav.accounts': 'Eliminar una cuenta',
  'deletion.heading': 'Eliminar mi cuenta del distrito',
  'deletion.lede':
    'Tus adaptaciones dejan de verse para tus colegas y tus navegadores se desconectan. Descarga antes tus datos si quieres conservarlos.',
  'deletion.open': 'Eliminar mi cuenta…',
  'deletion.titleMine': '¿Eliminar tu cuenta de Margins?',
  'deletion.titlePerson': '¿Eliminar la cuenta de Margins de {name}?',
  'deletion.introMine': 'No se puede deshacer. Lo que pasa:',
  'deletion.introPerson': 'No se puede deshacer. Lo que pasa con los datos de esta persona:',
  'deletion.goAdaptations':
    'Las adaptaciones dejan de verse para los colegas; sus navegadores las quitan en la próxima sincronización. Solo se guardan identificadores y fechas.',
  'deletion.goRemixes': 'Las versiones de los colegas se quedan, con el crédito a «un excolega», nunca con el nombre.',
  'deletion.goSaid': 'Se borra el texto de los comentarios; las marcas «Lo probé» se quedan sin nota y sin nombre.',
  'deletion.goDevices':
    'Los navegadores conectados se desconectan y se quitan los roles de coach o de responsable del currículo.',
  'deletion.stayMetrics':
    'Los totales del distrito no cambian: el registro de contribuciones guarda sus eventos con un seudónimo aleatorio.',
  'deletion.stayLocal':
    'Las adaptaciones guardadas solo en un navegador se quedan en ese equipo. Abrir Margins otra vez desde la plataforma crea una cuenta nueva y vacía.',
  'deletion.recognitions': 'Insignias de reconocimiento',
  'deletion.revoke': 'Revocarlas (quien las verifique las verá revocadas)',
  'deletion.keep': 'Mantenerlas válidas (el distrito las quita de su muro y no guarda copia)',
  'deletion.word': 'BORRAR',
  'deletion.typeLabel': 'Escribe {word} para confirmar',
  'deletion.chooseFirst': 'Primero elige qué pasa con las insignias de reconocimiento.',
  'deletion.typeFirst': 'Escribe {word} en la casilla para confirmar.',
  'deletion.deleting': 'Eliminando…',
  'deletion.cancel': 'Cancelar',
  'deletion.submitMine': 'Eliminar mi cuenta',
  'deletion.submitPerson': 'Eliminar esta cuenta',
  'deletion.done':
    'Eliminada: {adaptations} adaptaciones retiradas, {devices} navegadores desconectados, {recognitions} insignias tratadas según lo elegido.',
  'deletion.doneHeading': 'Tu cuenta se eliminó',
  'deletion.doneLocal':
    'Las adaptaciones guardadas solo en tu navegador siguen ahí. Cierra esta página; abrir Margins otra vez crea una cuenta nueva.',
  'accounts.heading': 'Eliminar una cuenta',
  'accounts.lede':
    'Para un docente que se fue: la misma eliminación que un docente puede hacer desde Mis datos. Las personas aparecen aquí después de abrir Margins desde esta instalación.',
  'accounts.search': 'Nombre o correo',
  'accounts.find': 'Buscar',
  'accounts.none': 'Nadie con ese nombre o correo ha abierto Margins desde esta instalación.',
  'accounts.delete': 'Eliminar la cuenta de {name}…',
  'accounts.deleted': 'Se eliminó la cuenta de {name}.',
};
