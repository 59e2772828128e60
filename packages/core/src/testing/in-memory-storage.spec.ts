import { describeStorageContracts } from './contracts/storage-contract';
import { createInMemoryPorts } from './in-memory-booking';

describeStorageContracts('in memory', { open: async () => createInMemoryPorts() });
