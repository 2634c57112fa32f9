Console.WriteLine("AppHost: the topology arrives with issue 7.");
