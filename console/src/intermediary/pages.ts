/** The intermediary workbench pages, one lazy chunk (admin catalogue and the efficiency office's performance table). */
export { IntermediaryCataloguePage } from './Catalogue';
export { IntermediaryPerformancePage } from './Performance';
