/** @margins/shared: the one domain model both the extension and the tool build on. */
export * from './errors.js';
export * from './validation.js';
export * from './text.js';
export * from './taxonomy.js';
export * from './selectors.js';
export * from './page-url.js';
export * from './adaptation.js';
export * from './social.js';
export * from './collection.js';
export * from './contribution.js';
export * from './api.js';
export * from './w3c/model.js';
export * from './w3c/adaptation-annotation.js';
export * from './w3c/collection.js';
export * from './recognition.js';
export * from './privacy.js';
export * from './extension-ids.js';
