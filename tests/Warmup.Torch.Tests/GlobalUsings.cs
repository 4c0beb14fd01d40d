// TorchSharp.Modules has its own Adam, AdamW and RAdam; in these tests the short names mean ours.
global using Adam = Warmup.Torch.Optim.Adam;
global using AdamW = Warmup.Torch.Optim.AdamW;
global using RAdam = Warmup.Torch.Optim.RAdam;
