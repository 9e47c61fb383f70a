# pypto.program: ThroughOutline
import pypto.language as pl

@pl.program
class ThroughOutline:
    @pl.function(type=pl.FunctionType.InCore)
    def scaled_gate_incore_0(self, bias: pl.Tensor[[64, 128], pl.FP32], gate: pl.Tensor[[64, 128], pl.FP32], x: pl.Tensor[[64, 128], pl.FP32], s_out: pl.Out[pl.Tensor[[64, 128], pl.FP32]], z_out: pl.Out[pl.Tensor[[64, 128], pl.FP32]]) -> tuple[pl.Tensor[[64, 128], pl.FP32], pl.Tensor[[64, 128], pl.FP32]]:
        for i, (s_iter, z_iter) in pl.range(0, 64, 32, init_values=(s_out, z_out)):
            x_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.load(x, [i, 0], [32, 128])
            bias_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.load(bias, [i, 0], [32, 128])
            s_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.add(x_tile, bias_tile)
            s_store: pl.Tensor[[64, 128], pl.FP32] = pl.tile.store(s_tile, [i, 0], [32, 128], s_iter)
            gate_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.load(gate, [i, 0], [32, 128])
            e_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.exp(gate_tile)
            y_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.mul(s_tile, e_tile)
            z_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.muls(y_tile, 0.5)
            z_store: pl.Tensor[[64, 128], pl.FP32] = pl.tile.store(z_tile, [i, 0], [32, 128], z_iter)
            s, z = pl.yield_(s_store, z_store)
        return s, z

    @pl.function(type=pl.FunctionType.InCore)
    def scaled_gate_incore_1(self, s: pl.Tensor[[64, 128], pl.FP32], x: pl.Tensor[[64, 128], pl.FP32], z: pl.Tensor[[64, 128], pl.FP32], m_out: pl.Out[pl.Tensor[[64, 128], pl.FP32]]) -> pl.Tensor[[64, 128], pl.FP32]:
        z_tile: pl.Tile[[64, 128], pl.FP32] = pl.tile.load(z, [0, 0], [64, 128])
        x_tile: pl.Tile[[64, 128], pl.FP32] = pl.tile.load(x, [0, 0], [64, 128])
        w_tile: pl.Tile[[64, 128], pl.FP32] = pl.tile.add(z_tile, x_tile)
        s_tile: pl.Tile[[64, 128], pl.FP32] = pl.tile.load(s, [0, 0], [64, 128])
        m_tile: pl.Tile[[64, 128], pl.FP32] = pl.tile.maximum(w_tile, s_tile)
        m: pl.Tensor[[64, 128], pl.FP32] = pl.tile.store(m_tile, [0, 0], [64, 128], m_out)
        return m

    @pl.function(type=pl.FunctionType.Orchestration)
    def scaled_gate(self, x: pl.Tensor[[64, 128], pl.FP32], gate: pl.Tensor[[64, 128], pl.FP32], bias: pl.Tensor[[64, 128], pl.FP32]) -> pl.Tensor[[64, 128], pl.FP32]:
        s, z = self.scaled_gate_incore_0(bias, gate, x)
        m: pl.Tensor[[64, 128], pl.FP32] = self.scaled_gate_incore_1(s, x, z)
        return m
