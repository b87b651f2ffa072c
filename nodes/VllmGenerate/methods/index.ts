import { searchAdapters, searchModels } from './listSearch';

export const listSearch = { searchModels, searchAdapters };
