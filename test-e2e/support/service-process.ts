/** The journeys' process helpers live in @motcua/testing, shared with the chaos run (cli/src/chaos). */
export {
  ManagedProcess,
  clusterKafka,
  embeddedProcess,
  repoRoot,
  serviceNames,
  startOnMockKafka,
  startSeparateProcesses,
  tempDir,
  type ClusterKafka,
  type ClusterShape,
  type ServiceName,
} from '@motcua/testing';
