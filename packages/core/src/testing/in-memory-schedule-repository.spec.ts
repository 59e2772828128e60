import { describeScheduleRepositoryContract } from './contracts/schedule-repository-contract';
import { createInMemoryPorts } from './in-memory-booking';

describeScheduleRepositoryContract('in memory', { open: async () => createInMemoryPorts() });
