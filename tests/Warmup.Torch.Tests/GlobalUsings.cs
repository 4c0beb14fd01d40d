// TorchSharp.Modules has its own Adam, AdamW and RAdam; in these tests the short names mean ours.
global using Adam = Warmup.Optim.Adam;
global using AdamW = Warmup.Optim.AdamW;
global using RAdam = Warmup.Optim.RAdam;
