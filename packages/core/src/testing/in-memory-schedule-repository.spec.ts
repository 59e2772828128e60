import { describeScheduleRepositoryContract } from './contracts/schedule-repository-contract';
import { createInMemoryPorts } from './in-memory-booking';
import { InMemoryScheduleRepository } from './in-memory-schedule-repository';

describeScheduleRepositoryContract('in memory', {
  open: async () => {
    const ports = createInMemoryPorts();
    return { ...ports, schedules: new InMemoryScheduleRepository(ports.db) };
  },
});
