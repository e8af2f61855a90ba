@testable import Sweep
import Testing

@Suite struct SlurmArrayTests {
    @Test func theScriptRunsOneRequeueableShardPerTaskIntoItsOwnDatabase() {
        let array = SlurmArray(experiment: "table2", specPath: "experiments/table2.yaml", binary: "/opt/rite/bin/rite-repro",
                               workingDirectory: "/home/me/rite", shards: 8, cpusPerTask: 4, databaseFolder: "/scratch/rite results",
                               partition: "short", timeLimit: "2:00:00")
        let script = array.script
        #expect(script.hasPrefix("#!/bin/bash\n"))
        #expect(script.contains("#SBATCH --array=1-8\n") && script.contains("#SBATCH --cpus-per-task=4\n"))
        #expect(script.contains("#SBATCH --requeue\n") && script.contains("#SBATCH --partition=short\n") && script.contains("#SBATCH --time=2:00:00\n"))
        #expect(script.contains("#SBATCH --chdir=/home/me/rite\n"))
        #expect(script.contains("\nexec /opt/rite/bin/rite-repro sweep experiments/table2.yaml --shard \"${SLURM_ARRAY_TASK_ID}/8\" "
            + "--jobs \"${SLURM_CPUS_PER_TASK:-4}\" --db \"/scratch/rite results/table2-shard-${SLURM_ARRAY_TASK_ID}-of-8.sqlite\"\n"))
        #expect(array.shardDatabases.count == 8)
        #expect(array.shardDatabase(3) == "/scratch/rite results/table2-shard-3-of-8.sqlite")
    }
}
