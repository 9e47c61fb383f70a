# pypto.program: BreakContinue
import pypto.language as pl

@pl.program
class BreakContinue:
    @pl.function
    def first_multiple(self, n: pl.Scalar[pl.INT64], k: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        found: pl.Scalar[pl.INT64] = -1
        _brk: pl.Scalar[pl.BOOL] = False
        for i, (_brk_1, found_1) in pl.range(1, n, 1, init_values=(_brk, found)):
            if not _brk_1:
                if i % k == 0:
                    found_2: pl.Scalar[pl.INT64] = i
                    _brk_2: pl.Scalar[pl.BOOL] = True
                    _brk_3, found_3 = pl.yield_(_brk_2, found_2)
                else:
                    _brk_3, found_3 = pl.yield_(_brk_1, found_1)
                _brk_4, found_4 = pl.yield_(_brk_3, found_3)
            else:
                _brk_4, found_4 = pl.yield_(_brk_1, found_1)
            _brk_5, found_5 = pl.yield_(_brk_4, found_4)
        return found_5

    @pl.function
    def count_down(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        m: pl.Scalar[pl.INT64] = n
        _brk: pl.Scalar[pl.BOOL] = False
        for (_brk_1, m_1) in pl.while_(init_values=(_brk, m)):
            pl.cond(not _brk_1)
            if m_1 <= 0:
                _brk_2: pl.Scalar[pl.BOOL] = True
                _brk_3, m_2 = pl.yield_(_brk_2, m_1)
            else:
                m_3: pl.Scalar[pl.INT64] = m_1 - 3
                _brk_3, m_2 = pl.yield_(_brk_1, m_3)
            _brk_4, m_4 = pl.yield_(_brk_3, m_2)
        return m_4

    @pl.function
    def odd_sum(self, n: pl.Scalar[pl.INT64], limit: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        s: pl.Scalar[pl.INT64] = 0
        _brk: pl.Scalar[pl.BOOL] = False
        for i, (_brk_1, s_1) in pl.range(0, n, 1, init_values=(_brk, s)):
            if not _brk_1:
                _cont: pl.Scalar[pl.BOOL] = False
                if i % 2 == 0:
                    if i > 10:
                        _cont_1: pl.Scalar[pl.BOOL] = True
                        _cont_2, s_2 = pl.yield_(_cont_1, s_1)
                    else:
                        s_3: pl.Scalar[pl.INT64] = s_1 - 1
                        _cont_2, s_2 = pl.yield_(_cont, s_3)
                    _cont_3, s_4 = pl.yield_(_cont_2, s_2)
                else:
                    _cont_3, s_4 = pl.yield_(_cont, s_1)
                if not _cont_3:
                    s_5: pl.Scalar[pl.INT64] = s_4 + i
                    if s_5 > limit:
                        _brk_2: pl.Scalar[pl.BOOL] = True
                        _brk_3: pl.Scalar[pl.BOOL] = pl.yield_(_brk_2)
                    else:
                        _brk_3: pl.Scalar[pl.BOOL] = pl.yield_(_brk_1)
                    _brk_4, s_6 = pl.yield_(_brk_3, s_5)
                else:
                    _brk_4, s_6 = pl.yield_(_brk_1, s_4)
                _brk_5, s_7 = pl.yield_(_brk_4, s_6)
            else:
                _brk_5, s_7 = pl.yield_(_brk_1, s_1)
            _brk_6, s_8 = pl.yield_(_brk_5, s_7)
        return s_8

    @pl.function
    def no_values(self, n: pl.Scalar[pl.INT64]):
        for i in pl.range(0, n, 1):
            if i == 3:
                continue
            if i == 5:
                break
            pl.system.bar_v()
