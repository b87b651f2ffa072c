import { searchLoadedModels, searchModels } from './listSearch';

export const listSearch = { searchModels, searchLoadedModels };
