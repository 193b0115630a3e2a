/** The window workbench chunk. */
export { IntakePage } from './Intake';
export { ProjectSearchPage } from './ProjectSearch';
